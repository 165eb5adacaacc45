package org.tapweight.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tapweight.bench.harness.BenchConfig;
import org.tapweight.bench.harness.BenchResults;
import org.tapweight.bench.harness.BenchRunner;

/**
 * The bench grid on Spark in local mode: the same results as the local bench, and a cell whose task
 * fails once resumes from its checkpoint (Spark's retry within a job, or the next bench run).
 */
class SparkBenchTest {

    /** The bundled synthetic run (regression, double precision), cut to 6 outer steps with a checkpoint every 3. */
    static final Path EXAMPLE = Path.of("..", "examples", "synthetic-tapweight.yaml").toAbsolutePath().normalize();

    private static final String FAULTED = "42/tapweight-cg/2";

    private static BenchConfig bench(Path tmp, List<String> methods) throws Exception {
        BenchConfig b = new BenchConfig();
        b.name = "spark";
        b.base = EXAMPLE.toString();
        b.configFolder = tmp;
        b.overrides.putAll(Map.of("outerSteps", "6", "checkpointEvery", "3", "levelIII.interval", "2",
                "task.settings.examples", "200", "finetune.epochs", "3", "finetune.patience", "2"));
        b.taskSetting = "seed";
        b.tasks = List.of("42");
        b.methods = methods;
        b.seeds = List.of(1L, 2L);
        return b;
    }

    private static JavaSparkContext spark(String master) {
        return new JavaSparkContext(new SparkConf().setMaster(master).setAppName("tapweight-test").set("spark.ui.enabled", "false")
                .set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1"));
    }

    private static SparkBench.Result onSpark(String master, BenchConfig b, Path out, String failOnce) {
        try (JavaSparkContext sc = spark(master)) {
            return SparkBench.run(sc, b, out.toUri().toString(), SparkBenchTest.class.getClassLoader(), failOnce,
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        }
    }

    private static void locally(BenchConfig b, Path out) {
        BenchRunner runner = new BenchRunner(b, out, SparkBenchTest.class.getClassLoader());
        runner.run(new BenchRunner.Listener() { }, 2);
        BenchResults.write(out, BenchResults.collect(out), runner.methodOrder());
    }

    /** results.csv without its wall-time column (the one column two runs of the same cells may not share). */
    private static List<String> csvWithoutSeconds(Path benchDir) throws Exception {
        List<String> lines = Files.readAllLines(benchDir.resolve("results.csv"));
        int seconds = List.of(lines.get(0).split(",")).indexOf("seconds");
        return lines.stream().map(l -> {
            String[] f = l.split(",", -1);
            f[seconds] = "";
            return String.join(",", f);
        }).toList();
    }

    private static List<String> files(Path benchDir) throws Exception {
        try (Stream<Path> s = Files.walk(benchDir.resolve("cells"))) {
            return s.filter(Files::isRegularFile).map(p -> benchDir.relativize(p).toString()).sorted().toList();
        }
    }

    @Test
    void aGridOnLocalSparkGivesTheLocalBenchsResultsCsv(@TempDir Path tmp) throws Exception {
        BenchConfig b = bench(tmp, List.of("direct", "uniform", "tapweight-cg"));
        locally(b, tmp.resolve("local"));
        SparkBench.Result r = onSpark("local[2]", b, tmp.resolve("spark"), null);

        assertThat(r.outcomes()).hasSize(6).allMatch(o -> o.status() == CellOutcome.Status.FINISHED && !o.resumed());
        assertThat(csvWithoutSeconds(tmp.resolve("spark"))).hasSize(7).isEqualTo(csvWithoutSeconds(tmp.resolve("local")));
        // the same files per cell, and nothing of Hadoop's (.crc) or of the uploads (.tmp-) left behind
        assertThat(files(tmp.resolve("spark"))).isEqualTo(files(tmp.resolve("local")))
                .noneMatch(f -> f.endsWith(".crc") || f.contains(".tmp-"));
        assertThat(tmp.resolve("spark/results.md")).exists();
        assertThat(tmp.resolve("spark/bench-config.json")).hasSameTextualContentAs(tmp.resolve("local/bench-config.json"));

        // run again: every cell is finished and skipped
        SparkBench.Result again = onSpark("local[2]", b, tmp.resolve("spark"), null);
        assertThat(again.outcomes()).allMatch(o -> o.status() == CellOutcome.Status.SKIPPED);
    }

    @Test
    void aTaskThatFailsOnceIsRetriedAndResumesFromItsCheckpoint(@TempDir Path tmp) throws Exception {
        BenchConfig b = bench(tmp, List.of("tapweight-cg"));
        locally(b, tmp.resolve("local"));
        // local[2,2]: two threads, and each task may be attempted twice
        SparkBench.Result r = onSpark("local[2,2]", b, tmp.resolve("spark"), FAULTED);

        CellOutcome faulted = r.outcomes().stream().filter(o -> o.cell().seed() == 2).findFirst().orElseThrow();
        assertThat(faulted.attempt()).isEqualTo(1);
        assertThat(faulted.resumed()).isTrue();
        assertThat(r.outcomes().stream().filter(o -> o.cell().seed() == 1).findFirst().orElseThrow().attempt()).isZero();
        assertThat(record(tmp.resolve("spark"), 2)).contains("\"type\":\"resume\"");
        assertThat(record(tmp.resolve("local"), 2)).doesNotContain("\"type\":\"resume\"");
        assertThat(stepLines(tmp.resolve("spark"), 2)).hasSize(6);
        assertThat(csvWithoutSeconds(tmp.resolve("spark"))).isEqualTo(csvWithoutSeconds(tmp.resolve("local")));
        assertSameRows(tmp.resolve("spark"), tmp.resolve("local"));
    }

    @Test
    void aTaskLostInTheFinalFinetuningResumesFromTheRunsFinalCheckpoint(@TempDir Path tmp) throws Exception {
        BenchConfig b = bench(tmp, List.of("tapweight-cg"));
        locally(b, tmp.resolve("local"));
        SparkBench.Result r = onSpark("local[2,2]", b, tmp.resolve("spark"), FAULTED + "@finetune");

        CellOutcome faulted = r.outcomes().stream().filter(o -> o.cell().seed() == 2).findFirst().orElseThrow();
        assertThat(faulted.attempt()).isEqualTo(1);
        assertThat(faulted.resumed()).isTrue();
        assertThat(record(tmp.resolve("spark"), 2)).contains("\"type\":\"resume\"").contains("\"fromStep\":6");
        assertThat(stepLines(tmp.resolve("spark"), 2)).hasSize(6); // no outer step run twice
        assertSameRows(tmp.resolve("spark"), tmp.resolve("local"));
    }

    @Test
    void withoutRetriesTheJobFailsAndTheNextBenchResumesTheCell(@TempDir Path tmp) throws Exception {
        BenchConfig b = bench(tmp, List.of("tapweight-cg"));
        locally(b, tmp.resolve("local"));
        // local[2] attempts a task once: the injected fault fails the job (proving the retry above is Spark's)
        assertThatThrownBy(() -> onSpark("local[2]", b, tmp.resolve("spark"), FAULTED))
                .hasMessageContaining("the Spark job failed").hasMessageContaining("injected fault in 42 / tapweight-cg / seed 2");
        assertThat(tmp.resolve("spark/cells/42/tapweight-cg/seed-2/checkpoint.zip")).exists();
        assertThat(tmp.resolve("spark/cells/42/tapweight-cg/seed-2/results.json")).doesNotExist();

        SparkBench.Result r = onSpark("local[2]", b, tmp.resolve("spark"), null);
        CellOutcome resumed = r.outcomes().stream().filter(o -> o.cell().seed() == 2).findFirst().orElseThrow();
        assertThat(resumed.resumed()).isTrue();
        assertThat(resumed.attempt()).isZero();
        assertThat(record(tmp.resolve("spark"), 2)).contains("\"type\":\"resume\"");
        assertSameRows(tmp.resolve("spark"), tmp.resolve("local"));
    }

    @Test
    void onAStoreWithoutALocalPathTheDriverCopiesTheReportsUp(@TempDir Path tmp) throws Exception {
        BenchConfig b = bench(tmp, List.of("uniform", "tapweight-cg"));
        locally(b, tmp.resolve("local"));
        Path remote = tmp.resolve("remote");
        SparkBench.Result r;
        try (JavaSparkContext sc = new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName("t")
                .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.hadoop.fs." + OtherSchemeFileSystem.SCHEME + ".impl", OtherSchemeFileSystem.class.getName())
                .set("spark.hadoop.fs." + OtherSchemeFileSystem.SCHEME + ".impl.disable.cache", "true"))) {
            r = SparkBench.run(sc, b, OtherSchemeFileSystem.SCHEME + "://" + remote.toAbsolutePath(), getClass().getClassLoader(), null,
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        }
        assertThat(r.reportFolder()).isNotEqualTo(remote); // reports were written in a local folder, then copied up
        assertThat(csvWithoutSeconds(remote)).isEqualTo(csvWithoutSeconds(tmp.resolve("local")));
        assertThat(remote.resolve("results.md")).hasSameTextualContentAs(r.reportFolder().resolve("results.md"));
        assertThat(remote.resolve("bench-config.json")).hasSameTextualContentAs(tmp.resolve("local/bench-config.json"));
        assertThat(files(remote)).isEqualTo(files(tmp.resolve("local")));
        // the local copy holds records and results, not the checkpoints
        assertThat(r.reportFolder().resolve("cells/42/uniform/seed-1/results.json")).exists();
        assertThat(r.reportFolder().resolve("cells/42/uniform/seed-1/checkpoint.zip")).doesNotExist();
    }

    @Test
    void speculativeExecutionIsRefused(@TempDir Path tmp) throws Exception {
        BenchConfig b = bench(tmp, List.of("uniform"));
        try (JavaSparkContext sc = new JavaSparkContext(new SparkConf().setMaster("local[1]").setAppName("t")
                .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.speculation", "true"))) {
            assertThatThrownBy(() -> SparkBench.run(sc, b, tmp.resolve("o").toString(), getClass().getClassLoader(), null, System.err))
                    .hasMessageContaining("spark.speculation is on");
        }
    }

    private static void assertSameRows(Path spark, Path local) {
        List<BenchResults.Row> a = BenchResults.collect(spark);
        List<BenchResults.Row> e = BenchResults.collect(local);
        assertThat(a).hasSameSizeAs(e);
        for (int i = 0; i < a.size(); i++) {
            assertThat(a.get(i).test()).isEqualTo(e.get(i).test());
            assertThat(a.get(i).validation()).isEqualTo(e.get(i).validation());
            assertThat(a.get(i).weights()).containsExactly(e.get(i).weights());
        }
    }

    private static String record(Path bench, long seed) throws Exception {
        return Files.readString(bench.resolve("cells/42/tapweight-cg/seed-" + seed + "/run-record.jsonl"));
    }

    private static List<String> stepLines(Path bench, long seed) throws Exception {
        return record(bench, seed).lines().filter(l -> l.contains("\"type\":\"step\"")).collect(Collectors.toList());
    }
}
