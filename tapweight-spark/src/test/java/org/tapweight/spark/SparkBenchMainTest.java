package org.tapweight.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The spark-submit main class: options, output locations, and a two-cell bench through it. */
class SparkBenchMainTest {

    @Test
    void aPathIsMadeAnAbsoluteFileUriAndAUriIsKept() {
        assertThat(SparkBenchMain.outUri("runs/b")).startsWith("file:/").endsWith("/tapweight-spark/runs/b");
        assertThat(SparkBenchMain.outUri("hdfs://nn:8020/user/me/bench")).isEqualTo("hdfs://nn:8020/user/me/bench");
        assertThat(SparkBenchMain.outUri("file:///shared/bench")).isEqualTo("file:///shared/bench");
    }

    @Test
    void aBenchRunsThroughTheMainClassAndWithoutAMasterItSaysWhatIsMissing(@TempDir Path tmp) throws Exception {
        Path config = tmp.resolve("bench.yaml");
        Files.writeString(config, "name: main\nbase: " + SparkBenchTest.EXAMPLE + "\noverrides: {outerSteps: '2', task.settings.examples: '100'}\n"
                + "taskSetting: seed\ntasks: ['7']\nmethods: [uniform]\nseeds: [1, 2]\n");

        StringWriter err = new StringWriter();
        CommandLine noMaster = new CommandLine(new SparkBenchMain());
        noMaster.setErr(new PrintWriter(err));
        noMaster.setExecutionExceptionHandler(SparkBenchMain.errors());
        assertThat(noMaster.execute("-c", config.toString(), "-o", tmp.resolve("none").toString())).isEqualTo(2);
        assertThat(err.toString()).startsWith("tapweight-spark-bench: no Spark master: start this with spark-submit, or give --master");

        int code = new CommandLine(new SparkBenchMain()).execute("-c", config.toString(), "-o", tmp.resolve("out").toString(),
                "--master", "local[2]", "--set", "outerSteps=3");
        assertThat(code).isZero();
        assertThat(Files.readAllLines(tmp.resolve("out/results.csv"))).hasSize(3);
        assertThat(tmp.resolve("out/cells/7/uniform/seed-2/results.json")).exists();
        assertThat(Files.readString(tmp.resolve("out/cells/7/uniform/seed-1/run-record.jsonl"))).contains("\"outerSteps\":3");
    }
}
