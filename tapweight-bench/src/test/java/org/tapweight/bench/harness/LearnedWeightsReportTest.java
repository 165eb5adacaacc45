package org.tapweight.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tapweight.core.record.RunRecord;

/** The learned-weights part of a bench report against hand-computed values from hand-written run records. */
class LearnedWeightsReportTest {

    private static BenchResults.Row row(String method, long seed, double[] weights, Path dir) {
        return new BenchResults.Row("t", method, seed, "acc", true, 0.5, 0.5, Map.of("acc", 0.5), 1, 10, 1.0,
                List.of("mlm", "sop"), weights, dir, null);
    }

    private static Path cell(Path root, String name, String... lines) throws IOException {
        Path dir = Files.createDirectories(root.resolve(name));
        Files.writeString(dir.resolve(RunRecord.FILE_NAME), String.join("\n", lines) + "\n");
        return dir;
    }

    private static String step(int step, String hypergradient, int hvpsI, int hvpsII, String residualI, String residualII) {
        return "{\"type\":\"step\",\"step\":" + step + ",\"hypergradient\":" + hypergradient + ",\"hvpsI\":" + hvpsI
                + ",\"hvpsII\":" + hvpsII + ",\"residualI\":" + residualI + ",\"residualII\":" + residualII + "}";
    }

    @Test
    void undampedResidualsAndDampingAreSummarisedWhereRecorded(@TempDir Path root) throws IOException {
        String extra = ",\"undampedResidualI\":%s,\"undampedResidualII\":%s,\"dampingI\":%s,\"dampingII\":%s}";
        Path cell = cell(root, "cg",
                step(1, "[0.1,0.2]", 4, 4, "0.1", "0.2").replaceAll("}$", String.format(extra, "1.5", "0.3", "2.0", "0.0")),
                step(2, "[0.1,0.2]", 4, 4, "0.1", "0.2").replaceAll("}$", String.format(extra, "0.5", "0.1", "4.0", "1.0")),
                step(3, "[0.1,0.2]", 4, 4, "0.1", "0.2").replaceAll("}$", String.format(extra, "2.5", "\"NaN\"", "3.0", "0.5")));
        LearnedWeightsReport.SolveSummary s = LearnedWeightsReport.summarise("t", "tapweight-cg",
                List.of(row("tapweight-cg", 1, new double[] {0.5, 0.5}, cell)));
        // undamped I: 1.5, 0.5, 2.5 -> 1.5; II: 0.3, 0.1 (NaN left out) -> 0.2; damping I: 2, 4, 3 -> 3; II: 0, 1, 0.5 -> 0.5
        assertThat(s.medianUndampedI()).isEqualTo(1.5);
        assertThat(s.medianUndampedII()).isCloseTo(0.2, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(s.medianDampingI()).isEqualTo(3.0);
        assertThat(s.medianDampingII()).isEqualTo(0.5);
    }

    @Test
    void solveSummariesAndWeightMeansMatchHandComputedValues(@TempDir Path root) throws IOException {
        // CG, two cells, three hypergradient steps and one step without level III (hypergradient null).
        Path cg1 = cell(root, "cg1", "{\"type\":\"start\"}",
                step(1, "null", 0, 0, "\"NaN\"", "\"NaN\""),
                step(2, "[0.1,0.2]", 3, 3, "0.5", "2.0"),
                step(3, "[0.1,0.2]", 3, 2, "1.5", "0.25"));
        Path cg2 = cell(root, "cg2", step(2, "[0.3,0.1]", 2, 3, "0.75", "1.0"));
        // Neumann reports a residual only when it stopped early: one of two steps here.
        Path neumann = cell(root, "neumann", step(2, "[0.3,0.1]", 2, 2, "3.0", "\"NaN\""),
                step(4, "[0.3,0.1]", 3, 3, "\"NaN\"", "\"NaN\""));
        // Identity makes no Hessian-vector products: no solve row.
        Path identity = cell(root, "identity", step(2, "[0.3,0.1]", 0, 0, "\"NaN\"", "\"NaN\""));
        List<BenchResults.Row> rows = List.of(
                row("tapweight-cg", 1, new double[] {0.6, 0.4}, cg1),
                row("tapweight-cg", 2, new double[] {0.8, 0.2}, cg2),
                row("tapweight-neumann", 1, new double[] {0.5, 0.5}, neumann),
                row("tapweight-identity", 1, new double[] {0.7, 0.3}, identity),
                row("uniform", 1, new double[] {0.5, 0.5}, root.resolve("none")));

        LearnedWeightsReport.SolveSummary cg = LearnedWeightsReport.summarise("t", "tapweight-cg", rows);
        // HVPs per step 6, 5, 5 -> median 5; level I residuals 0.5, 1.5, 0.75 -> median 0.75;
        // level II 2.0, 0.25, 1.0 -> median 1.0; residuals >= 1: 1.5, 2.0, 1.0 -> 3 of 6.
        // records written before the undamped residual and damping were reported: NaN (shown as –)
        assertThat(cg).isEqualTo(new LearnedWeightsReport.SolveSummary("t", "tapweight-cg", 2, 3, 5.0, 6, 0.75, 1.0, 3,
                Double.NaN, Double.NaN, Double.NaN, Double.NaN));
        assertThat(LearnedWeightsReport.summarise("t", "tapweight-identity", rows)).isNull();
        assertThat(LearnedWeightsReport.summarise("t", "uniform", rows)).isNull();

        String md = BenchResults.markdown(rows, List.of("uniform", "tapweight-cg", "tapweight-neumann", "tapweight-identity"));
        String solves = md.substring(md.indexOf("## Level III's implicit solves"));
        solves = solves.substring(0, solves.indexOf("\n## ") < 0 ? solves.length() : solves.indexOf("\n## "));
        assertThat(solves).contains("| t | tapweight-cg | 2 | 3 | 5.0 | 6 | 0.750 | 1.00 | 3 (50%) | – / – | – / – |")
                .contains("| t | tapweight-neumann | 1 | 2 | 5.0 | 1 | 3.00 | – | 1 (100%) | – / – | – / – |")
                .doesNotContain("| t | tapweight-identity | 1 |");
        // Weights: cg 0.6, 0.8 -> 0.700 ± 0.141; 0.4, 0.2 -> 0.300 ± 0.141; uniform learns nothing, so no row.
        assertThat(md).contains("## t: final objective weights").contains("| method | mlm | sop |")
                .contains("| tapweight-cg | 0.700 ± 0.141 | 0.300 ± 0.141 |")
                .contains("| tapweight-identity | 0.700 ± – | 0.300 ± – |")
                .doesNotContain("| uniform | 0.500 ± – |");
    }

    @Test
    void medianOfOddAndEvenCounts() {
        assertThat(LearnedWeightsReport.median(List.of(3.0, 1.0, 2.0))).isEqualTo(2.0);
        assertThat(LearnedWeightsReport.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
        assertThat(LearnedWeightsReport.median(List.of())).isNaN();
    }
}
