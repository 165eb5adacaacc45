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

    @Test
    void theTopLevelHelpStatesExitCodesAndEnvironment() {
        String help = new CommandLine(new TapWeightCli()).getUsageMessage();
        assertThat(help).contains("Exit codes:", "  2  configuration error", "  3  the run failed", "Environment:",
                "TAPWEIGHT_DATA", "TAPWEIGHT_CACHE", "TAPWEIGHT_JAVA_OPTS", "OMP_NUM_THREADS");
    }
}
