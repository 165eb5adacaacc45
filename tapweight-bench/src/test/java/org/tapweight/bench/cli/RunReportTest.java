package org.tapweight.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every finished run writes report.md and a self-contained report.html; `report --run` writes them again. */
class RunReportTest {

    @Test
    void aFinishedRunHasAReportWithItsTablesAndEmbeddedPlots(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("run");
        CliTest.Outcome o = CliTest.run("run", "--out", dir.toString(), "--set", "outerSteps=12", "--set", "finetune.epochs=3");
        assertThat(o.exitCode()).as(o.err()).isZero();
        assertThat(o.out()).contains("report: " + dir.resolve("report.html"));
        String md = Files.readString(dir.resolve("report.md"));
        assertThat(md).startsWith("# Run synthetic-tapweight").contains("12 of 12 outer steps recorded; finished in",
                "| side-0 |", "| masked-feature |", "| rmse |", "| finetuned rmse |", "Config fingerprint `");
        String html = Files.readString(dir.resolve("report.html"));
        assertThat(html).contains("<table>", "<td>side-0</td>");
        // weights, level-I losses, task and validation losses, the finetuning curve: all inside the file
        assertThat(html.split("src=\"data:image/png;base64,", -1)).hasSize(1 + 4);
        for (String plot : new String[] {"weights.png", "objective-losses.png", "task-losses.png", "finetuning.png"}) {
            assertThat(dir.resolve("plots").resolve(plot)).isRegularFile();
        }

        Files.delete(dir.resolve("report.html"));
        CliTest.Outcome again = CliTest.run("report", "--run", dir.toString());
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(dir.resolve("report.html")).isRegularFile();

        CliTest.Outcome notARun = CliTest.run("report", "--run", tmp.toString());
        assertThat(notARun.exitCode()).isEqualTo(2);
        assertThat(notARun.err()).contains("is not a run folder (it has no run-record.jsonl)");
        CliTest.Outcome neither = CliTest.run("report");
        assertThat(neither.exitCode()).isEqualTo(2);
        assertThat(neither.err()).contains("give a bench folder (--bench DIR) or a run folder (--run DIR)");
    }
}
