package org.tapweight.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.tapweight.core.config.RunConfig;
import org.tapweight.core.engine.StepResult;
import org.tapweight.core.record.Checkpoint;
import org.tapweight.core.run.RunDriver;

/** The bench grid: every cell once, results and plots, skipping finished cells, resuming interrupted ones. */
class BenchRunnerTest {

    static final String BASE = """
            name: dense
            dataType: double
            outerSteps: 6
            task: {id: synthetic-regression, settings: {examples: 200, features: 5}}
            encoder: {id: tanh-mlp, settings: {hidden: 4}}
            objectives:
              - {id: auxiliary-target, name: side-0, settings: {column: 0}}
              - {id: auxiliary-target, name: side-1, settings: {column: 1}}
            levelI: {steps: 1, batchSize: 32, optimizer: {type: adam, learningRate: 0.01}}
            levelII: {steps: 1, batchSize: 32, optimizer: {type: adam, learningRate: 0.01}}
            levelIII: {interval: 2, strategyI: {id: cg, settings: {iterations: 2, damping: 0.1}}}
            finetune: {epochs: 3, patience: 2}
            checkpointEvery: 3
            """;

    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    static BenchConfig bench(Path tmp) throws Exception {
        Path base = tmp.resolve("base.yaml");
        Files.writeString(base, BASE);
        BenchConfig b = new BenchConfig();
        b.name = "test";
        b.base = base.toString();
        b.taskSetting = "seed";
        b.tasks = List.of("42");
        b.methods = List.of("direct", "uniform", "single-side-0", "tapweight-cg", "tapweight-identity", "bilevel",
                "balance-gradnorm", "random-1", "random-2");
        b.seeds = List.of(1L, 2L);
        return b;
    }

    static final class Counting implements BenchRunner.Listener {
        final List<String> started = new ArrayList<>();
        final List<String> resumed = new ArrayList<>();
        int skipped;

        @Override
        public void cellStarting(BenchRunner.Cell cell, int index, int total, RunConfig config, boolean resuming) {
            (resuming ? resumed : started).add(cell.method().name() + "/" + cell.seed());
        }

        @Override
        public void step(BenchRunner.Cell cell, StepResult step) {
        }

        @Override
        public void cellFinished(BenchRunner.Cell cell, RunDriver.Summary summary) {
        }

        @Override
        public void cellSkipped(BenchRunner.Cell cell) {
            skipped++;
        }
    }

    /** {@code <method>@<variant>}: the method on the base config with the variant's overrides, as a row of its own. */
    @Test
    void aVariantIsTheMethodWithItsOverrides(@TempDir Path tmp) throws Exception {
        BenchConfig b = bench(tmp);
        b.methods = List.of("tapweight-cg", "tapweight-cg@fast");
        b.variants = Map.of("fast", Map.of("levelIII.optimizer.learningRate", "0.5"));
        b.validate("bench.yaml");
        BenchRunner runner = new BenchRunner(b, tmp.resolve("bench"), getClass().getClassLoader());
        List<BenchRunner.Cell> cells = runner.cells();
        RunConfig plain = runner.config(cells.get(0));
        RunConfig fast = runner.config(cells.get(2));
        assertThat(cells.get(2).method().name()).isEqualTo("tapweight-cg@fast");
        assertThat(fast.levelIII.optimizer.learningRate).isEqualTo(0.5);
        assertThat(plain.levelIII.optimizer.learningRate).isNotEqualTo(0.5);
        assertThat(fast.mode).isEqualTo(plain.mode);
        assertThat(fast.levelIII.strategyI.id).isEqualTo("cg");
        assertThat(fast.name).isEqualTo("42-tapweight-cg@fast-seed1");
        assertThat(cells.get(2).dir().toString()).endsWith("tapweight-cg@fast/seed-1");

        b.methods = List.of("tapweight-cg@slow");
        assertThatThrownBy(() -> b.validate("bench.yaml")).hasMessageContaining("names variant 'slow', which variants does not define");
    }

    @Test
    void runsEveryCellOnceWritesResultsAndResumes(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("bench");
        BenchRunner runner = new BenchRunner(bench(tmp), dir, getClass().getClassLoader());
        Counting first = new Counting();
        runner.run(first);
        assertThat(first.started).hasSize(18);
        List<BenchResults.Row> rows = BenchResults.collect(dir);
        assertThat(rows).hasSize(18);
        assertThat(rows).allSatisfy(r -> assertThat(r.metric()).isEqualTo("rmse"));
        assertThat(rows.stream().filter(r -> r.method().equals("direct")).findFirst().orElseThrow().steps()).isZero();
        String md = BenchResults.write(dir, rows, List.of("direct", "uniform"));
        assertThat(md).contains("| tapweight-cg |").contains("(n=2)").contains("| tapweight-cg | 42 |");
        assertThat(Files.readAllLines(dir.resolve("results.csv"))).hasSize(1 + 18 + 2); // header, cells, search-2 per seed
        assertThat(Files.size(dir.resolve("plots").resolve("42-metric.png"))).isGreaterThan(1000);
        for (long seed : List.of(1L, 2L)) {
            assertThat(Files.size(dir.resolve("plots").resolve("42-tapweight-cg-seed" + seed + "-weights.png"))).isGreaterThan(1000);
        }
        // Loss curves per (task, method), every seed: level II's training loss, and validation where level III ran.
        assertThat(Files.size(dir.resolve("plots").resolve("42-tapweight-cg-curves.png"))).isGreaterThan(1000);
        assertThat(Files.size(dir.resolve("plots").resolve("42-uniform-curves.png"))).isGreaterThan(1000);
        // One self-contained HTML report: the tables rendered, every plot embedded.
        String html = Files.readString(dir.resolve("results.html"));
        assertThat(html).contains("<table>").contains("<td>tapweight-cg</td>").contains("data:image/png;base64,")
                .contains("42-tapweight-cg-curves.png").doesNotContain("src=\"plots/");
        // Every method that learns weights gets its trajectory over the run; the search rows come from the candidates.
        assertThat(md).contains("## 42 / tapweight-cg: weights over the run (mean over 2 seeds")
                .contains("## 42 / balance-gradnorm: weights over the run").contains("| search-2 |")
                .contains("## Cost per method").contains("| 42 | balance-gradnorm | 2 |");

        // Again: nothing is recomputed.
        Counting second = new Counting();
        new BenchRunner(bench(tmp), dir, getClass().getClassLoader()).run(second);
        assertThat(second.skipped).isEqualTo(18);
        assertThat(second.started).isEmpty();

        // An interrupted cell with a checkpoint is resumed; one without is started again.
        BenchRunner.Cell withCheckpoint = runner.cells().stream().filter(c -> c.method().name().equals("tapweight-cg")).findFirst().orElseThrow();
        Files.delete(withCheckpoint.dir().resolve(RunDriver.RESULTS_FILE));
        assertThat(Files.exists(withCheckpoint.dir().resolve(Checkpoint.FILE_NAME))).isTrue();
        BenchRunner.Cell torn = runner.cells().stream().filter(c -> c.method().name().equals("uniform")).findFirst().orElseThrow();
        Files.delete(torn.dir().resolve(RunDriver.RESULTS_FILE));
        Files.delete(torn.dir().resolve(Checkpoint.FILE_NAME));
        Files.writeString(torn.dir().resolve("run-record.jsonl"), "{\"type\":\"start\"}\n{\"type\":\"st");
        Counting third = new Counting();
        new BenchRunner(bench(tmp), dir, getClass().getClassLoader()).run(third);
        assertThat(third.resumed).containsExactly("tapweight-cg/1");
        assertThat(third.started).containsExactly("uniform/1");
        assertThat(BenchResults.collect(dir)).hasSize(18);
        // The resumed cell gives the same result as before.
        double before = rows.stream().filter(r -> r.method().equals("tapweight-cg") && r.seed() == 1).findFirst().orElseThrow().test();
        double after = BenchResults.collect(dir).stream().filter(r -> r.method().equals("tapweight-cg") && r.seed() == 1)
                .findFirst().orElseThrow().test();
        assertThat(after).isEqualTo(before);
    }

    @Test
    void aDivergingCellIsReportedAndTheBenchGoesOn(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("bench");
        BenchConfig b = bench(tmp);
        b.methods = List.of("tapweight-unrolled", "uniform");
        b.seeds = List.of(1L);
        b.strategies = new java.util.LinkedHashMap<>(java.util.Map.of("unrolled", java.util.Map.of("steps", 3, "learningRate", 1e300)));
        Counting c = new Counting();
        new BenchRunner(b, dir, getClass().getClassLoader()).run(c);
        assertThat(c.started).containsExactly("tapweight-unrolled/1", "uniform/1");
        List<BenchResults.Row> rows = BenchResults.collect(dir);
        assertThat(rows).hasSize(2);
        BenchResults.Row failed = rows.stream().filter(BenchResults.Row::failed).findFirst().orElseThrow();
        assertThat(failed.method()).isEqualTo("tapweight-unrolled");
        assertThat(failed.failure()).contains("hypergradient");
        String md = BenchResults.write(dir, rows, List.of("uniform"));
        assertThat(md).contains("diverged (1)").contains("Diverged cells").contains("tapweight-unrolled / seed 1");
        // A diverged cell counts as finished: running again does not repeat it.
        Counting again = new Counting();
        new BenchRunner(b, dir, getClass().getClassLoader()).run(again);
        assertThat(again.skipped).isEqualTo(2);
    }

    @Test
    void twoCellsAtATimeGiveTheSameResultsAsOne(@TempDir Path tmp) throws Exception {
        BenchConfig b = bench(tmp);
        b.methods = List.of("uniform", "tapweight-cg", "direct");
        new BenchRunner(b, tmp.resolve("serial"), getClass().getClassLoader()).run(new Counting(), 1);
        Counting parallel = new Counting();
        new BenchRunner(b, tmp.resolve("parallel"), getClass().getClassLoader()).run(parallel, 2);
        assertThat(parallel.started).hasSize(6);
        List<BenchResults.Row> serial = BenchResults.collect(tmp.resolve("serial"));
        List<BenchResults.Row> twoAtATime = BenchResults.collect(tmp.resolve("parallel"));
        assertThat(twoAtATime).hasSize(6);
        for (int i = 0; i < 6; i++) {
            assertThat(twoAtATime.get(i).method()).isEqualTo(serial.get(i).method());
            assertThat(twoAtATime.get(i).test()).isEqualTo(serial.get(i).test());
            assertThat(twoAtATime.get(i).weights()).containsExactly(serial.get(i).weights());
        }
    }

    @Test
    void aFolderOfAnotherBenchIsRefused(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("bench");
        BenchConfig b = bench(tmp);
        b.methods = List.of("direct");
        b.seeds = List.of(1L);
        new BenchRunner(b, dir, getClass().getClassLoader()).run(new Counting());
        BenchConfig other = bench(tmp);
        other.methods = List.of("direct");
        other.seeds = List.of(1L);
        other.overrides = Map.of("outerSteps", "5");
        assertThatThrownBy(() -> new BenchRunner(other, dir, getClass().getClassLoader()).run(new Counting()))
                .hasMessageContaining("holds results of a different bench").hasMessageContaining("only tasks, methods and seeds may change");
    }

    /** More seeds and methods in an existing folder: the finished cells are kept, only the new ones run. */
    @Test
    void aBenchFolderTakesMoreSeedsAndMethods(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("bench");
        BenchConfig b = bench(tmp);
        b.methods = List.of("direct");
        b.seeds = List.of(1L);
        new BenchRunner(b, dir, getClass().getClassLoader()).run(new Counting());
        BenchConfig more = bench(tmp);
        more.methods = List.of("direct", "uniform");
        more.seeds = List.of(1L, 2L);
        Counting second = new Counting();
        new BenchRunner(more, dir, getClass().getClassLoader()).run(second);
        assertThat(second.skipped).isEqualTo(1);
        assertThat(second.started).containsExactly("direct/2", "uniform/1", "uniform/2");
        assertThat(Files.readString(dir.resolve("bench-config.json"))).contains("\"uniform\"");
    }

    @Test
    void anUnknownMethodOrObjectiveIsNamed(@TempDir Path tmp) throws Exception {
        BenchConfig b = bench(tmp);
        b.methods = List.of("tapweight-cg", "single-motif");
        assertThatThrownBy(() -> new BenchRunner(b, tmp.resolve("x"), getClass().getClassLoader()).run(new Counting()))
                .hasMessageContaining("method 'single-motif': the base config has no objective 'motif'");
        b.methods = List.of("grid-search");
        assertThatThrownBy(() -> new BenchRunner(b, tmp.resolve("y"), getClass().getClassLoader()).run(new Counting()))
                .hasMessageContaining("unknown method 'grid-search'");
    }
}
