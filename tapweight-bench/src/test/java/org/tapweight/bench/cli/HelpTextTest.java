package org.tapweight.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The top-level help lists each command with one complete sentence (picocli shows only its first line). */
class HelpTextTest {

    @Test
    void everyCommandsSummaryIsACompleteSentence() {
        CommandLine cli = new CommandLine(new TapWeightCli());
        assertThat(cli.getSubcommands()).hasSizeGreaterThan(8);
        cli.getSubcommands().forEach((name, sub) -> {
            CommandLine.Model.UsageMessageSpec usage = sub.getCommandSpec().usageMessage();
            String summary = usage.header().length > 0 ? usage.header()[0]
                    : usage.description().length > 0 ? usage.description()[0] : "";
            assertThat(summary).as("summary of '%s'", name).isNotBlank().endsWith(".");
        });
    }
}
