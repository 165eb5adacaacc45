package org.tapweight.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tapweight.core.config.Mode;
import org.tapweight.core.config.PluginRef;
import org.tapweight.core.config.RunConfig;

/**
 * The bench's cheap alternatives and its noise and cost sections, against hand-computed values:
 * the methods' configs, random search's pick and cost, the pooled finetuning-seed SD and the
 * gradient-equivalents read from a record.
 */
class AlternativesReportTest {

    static BenchResults.Row row(String method, long seed, double test, double validation, double seconds) {
        return new BenchResults.Row("t", method, seed, "auc", true, test, validation, Map.of("auc", test), 1, 10, seconds,
                List.of("a", "b"), new double[] {0.5, 0.5}, Path.of("x"), null);
    }

    static RunConfig base() {
        RunConfig c = new RunConfig();
        c.task = PluginRef.of("moleculenet", Map.of("dataset", "bbbp"));
        c.encoder = PluginRef.of("gin");
        c.objectives = List.of(PluginRef.of("motif"), PluginRef.of("descriptors"), PluginRef.of("class-mean-collapse"));
        return c;
    }

    @Test
    void theAlternativesConfigureTheirRuns() {
        RunConfig clean = new Method("uniform-without-class-mean-collapse").configure(base(), "dataset", "bbbp", 3, Map.of());
        assertThat(clean.mode).isEqualTo(Mode.FIXED);
        assertThat(clean.fixedWeights).containsExactly(Map.entry("motif", 1.0), Map.entry("descriptors", 1.0),
                Map.entry("class-mean-collapse", 0.0));
        RunConfig balanced = new Method("balance-gradnorm").configure(base(), "dataset", "bbbp", 3, Map.of());
        assertThat(balanced.mode).isEqualTo(Mode.BALANCED);
        assertThat(balanced.balancer.id).isEqualTo("gradnorm");
        assertThat(new Method("balance-gradnorm").learnsWeights()).isTrue();

        RunConfig r1 = new Method("random-1").configure(base(), "dataset", "bbbp", 3, Map.of());
        RunConfig r2 = new Method("random-2").configure(base(), "dataset", "bbbp", 3, Map.of());
        assertThat(r1.mode).isEqualTo(Mode.FIXED);
        assertThat(r1.fixedWeights.values().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1.0, within(1e-12));
        assertThat(r1.fixedWeights.values()).allMatch(w -> w > 0);
        assertThat(r1.fixedWeights).isNotEqualTo(r2.fixedWeights);
        // Same seed and index, same candidate (a resumed bench rebuilds the same config).
        assertThat(new Method("random-1").configure(base(), "dataset", "bbbp", 3, Map.of()).fixedWeights).isEqualTo(r1.fixedWeights);
        assertThat(new Method("random-1").configure(base(), "dataset", "bbbp", 4, Map.of()).fixedWeights).isNotEqualTo(r1.fixedWeights);
    }

    @Test
    void randomSearchPicksTheBestValidationCandidateAndCostsTheirSum() {
        List<BenchResults.Row> rows = new ArrayList<>();
        rows.add(row("random-1", 1, 0.70, 0.80, 10));
        rows.add(row("random-2", 1, 0.60, 0.90, 20)); // best validation among 1..2
        rows.add(row("random-3", 1, 0.75, 0.85, 30));
        rows.add(row("random-4", 1, 0.65, 0.95, 40)); // best among 1..4
        rows.add(row("random-1", 2, 0.70, 0.80, 10)); // seed 2 has one candidate: no search row
        List<BenchResults.Row> out = RandomSearch.withSearchRows(rows);
        BenchResults.Row two = out.stream().filter(r -> r.method().equals("search-2")).findFirst().orElseThrow();
        BenchResults.Row four = out.stream().filter(r -> r.method().equals("search-4")).findFirst().orElseThrow();
        assertThat(two.test()).isEqualTo(0.60);
        assertThat(two.seconds()).isEqualTo(30.0);
        assertThat(four.test()).isEqualTo(0.65);
        assertThat(four.seconds()).isEqualTo(100.0);
        assertThat(out).hasSize(rows.size() + 2);
        // Five candidates: sizes 2, 4 and 5.
        rows.add(row("random-5", 1, 0.5, 0.5, 1));
        assertThat(RandomSearch.withSearchRows(rows).stream().map(BenchResults.Row::method).filter(m -> m.startsWith("search-")))
                .containsExactly("search-2", "search-4", "search-5");
    }

    @Test
    void thePositiveControlReportsTheHarmTheGapRecoveredAndThePlantedWeight() {
        List<BenchResults.Row> rows = new ArrayList<>();
        double[] clean = {0.80, 0.82, 0.84};
        double[] harmed = {0.70, 0.70, 0.70};
        double[] method = {0.78, 0.80, 0.82};
        for (int s = 0; s < 3; s++) {
            rows.add(new BenchResults.Row("t", "uniform-without-x", s + 1, "auc", true, clean[s], 0, Map.of(), 1, 10, 1,
                    List.of("a"), new double[] {1.0}, Path.of("x"), null));
            rows.add(new BenchResults.Row("t", "uniform", s + 1, "auc", true, harmed[s], 0, Map.of(), 1, 10, 1,
                    List.of("a", "x"), new double[] {0.5, 0.5}, Path.of("x"), null));
            rows.add(new BenchResults.Row("t", "tapweight-cg", s + 1, "auc", true, method[s], 0, Map.of(), 1, 10, 1,
                    List.of("a", "x"), new double[] {0.97 - 0.01 * s, 0.03 + 0.01 * s}, Path.of("x"), null));
        }
        String md = BenchResults.markdown(rows, List.of("uniform-without-x", "uniform", "tapweight-cg"));
        // Harm 0.10, 0.12, 0.14: mean 0.12, SD 0.02, t 10.39 on 2 df, p 0.009: real.
        assertThat(md).contains("## Positive control: the planted objective 'x'")
                .contains("| t | harm: uniform-without-x - uniform | +0.1200 | [+0.0703, +0.1697] | 3 | harm real | | |");
        // Gained 0.08, 0.10, 0.12 against 0.8 x gap 0.08, 0.096, 0.112: 0, 0.004, 0.008, mean 0.004, SD 0.004,
        // t 1.73, p 0.225: unresolved; recovered 0.10 / 0.12 = 83%; planted weights 0.03, 0.04, 0.05.
        assertThat(md).contains("| t | tapweight-cg | +0.0040 | [-0.0059, +0.0139] | 3 | unresolved | 83% | 0.040 (max 0.050; 2 of 3 below 0.05) |");
    }

    @Test
    void thePooledFinetuningSdIsHandComputed() {
        // Cells (1, 3) and (2, 4, 6): squares about the means 2 + 8 = 10 over 1 + 2 degrees of freedom.
        assertThat(NoiseFloorReport.pooledSd(List.of(List.of(1.0, 3.0), List.of(2.0, 4.0, 6.0))))
                .isCloseTo(Math.sqrt(10.0 / 3), within(1e-12));
    }

    @Test
    void theLastStretchSlopeIsTheRelativeChangeOfALeastSquaresLine() {
        // Slope -1 per step over 5 steps, mean 8: -5 / 8.
        assertThat(TrajectoryReport.relativeChange(new double[] {10, 9, 8, 7, 6})).isCloseTo(-0.625, within(1e-12));
        assertThat(TrajectoryReport.relativeChange(new double[] {3, 3, 3, 3, 3})).isZero();
    }

    @Test
    void gradientEquivalentsPerStepCountLevelStepsAndLevelThreeGradients(@TempDir Path tmp) throws IOException {
        Path record = tmp.resolve("run-record.jsonl");
        Files.writeString(record, String.join("\n",
                "{\"type\":\"start\",\"config\":{\"mode\":\"TAPWEIGHT\",\"levelI\":{\"steps\":2},\"levelII\":{\"steps\":1}}}",
                "{\"type\":\"step\",\"step\":0,\"gradientEvaluations\":0}",
                "{\"type\":\"step\",\"step\":1,\"gradientEvaluations\":14}") + "\n");
        // (3 + 0 + 3 + 14) / 2 steps = 10.
        assertThat(CostReport.gradientsPerStep(record)).isEqualTo(10.0);
    }
}
