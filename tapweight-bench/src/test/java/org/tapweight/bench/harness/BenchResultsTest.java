package org.tapweight.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The report's numbers against hand-computed values: means, SDs, paired t-intervals, p-values, Holm and verdicts. */
class BenchResultsTest {

    static BenchResults.Row row(String task, String method, long seed, String metric, boolean higher, Map<String, Double> test) {
        return new BenchResults.Row(task, method, seed, metric, higher, test.get(metric), Double.NaN, test, 1, 10, 1.0,
                List.of("a"), new double[] {1.0}, Path.of("x"), null);
    }

    @Test
    void pairedIntervalsAndVerdictsMatchHandComputedValues() {
        List<BenchResults.Row> rows = new ArrayList<>();
        double[] uniform = {0.50, 0.60, 0.70};
        // Differences 0.1, 0.2, 0.3: mean 0.2, SD 0.1, t(2, 0.975) = 4.302653 -> half-width 0.248414: [-0.048, 0.448], tie.
        double[] spread = {0.60, 0.80, 1.00};
        // Differences 0.10, 0.11, 0.12: mean 0.11, SD 0.01, half-width 0.0248414: [0.085, 0.135], win.
        double[] steady = {0.60, 0.71, 0.82};
        for (int s = 0; s < 3; s++) {
            rows.add(row("t", "uniform", s + 1, "acc", true, Map.of("acc", uniform[s], "f1", 0.5)));
            rows.add(row("t", "spread", s + 1, "acc", true, Map.of("acc", spread[s], "f1", 0.5 + 0.1 * s)));
            rows.add(row("t", "steady", s + 1, "acc", true, Map.of("acc", steady[s], "f1", 0.5)));
            // Lower is better: an RMSE 0.10-0.12 above uniform's is a loss.
            rows.add(row("r", "uniform", s + 1, "rmse", false, Map.of("rmse", uniform[s])));
            rows.add(row("r", "steady", s + 1, "rmse", false, Map.of("rmse", steady[s])));
        }
        String md = BenchResults.markdown(rows, List.of("uniform", "spread", "steady"));

        // p: spread (df 2) 1 - t / sqrt(2 + t^2) with t = 2 sqrt 3: 0.0742, alone in its family, so Holm leaves it.
        // steady: t = 0.11 / (0.01 / sqrt 3) = 19.052559, p = 1 - 19.052559 / sqrt 365 = 0.0027435 on both tasks;
        // Holm over steady's two tasks: 2 * 0.0027435 = 0.0054870 for both.
        assertThat(md).contains("| method | task | mean difference | 95% interval | seeds | p | p (Holm) | verdict |")
                .contains("| spread | t | +0.200 | [-0.048, 0.448] | 3 | 0.0742 | 0.0742 | tie |")
                .contains("| steady | t | +0.110 | [0.085, 0.135] | 3 | 0.0027 | 0.0055 | win |")
                .contains("| steady | r | -0.110 | [-0.135, -0.085] | 3 | 0.0027 | 0.0055 | loss |");
        // Against the best other method: on t, spread (mean 0.8) and steady (0.71) are each other's; r has no other.
        // spread - steady: 0, 0.09, 0.18: mean 0.09, SD 0.09, t = sqrt 3, p = 1 - sqrt 3 / sqrt 5 = 0.2254;
        // half-width 4.302653 * 0.09 / sqrt 3 = 0.223572.
        assertThat(md).contains("## Against the best other method, paired by seed")
                .contains("| spread | t | steady | +0.090 | [-0.134, 0.314] | 3 | 0.2254 | 0.2254 | tie |")
                .contains("| steady | t | spread | -0.090 | [-0.314, 0.134] | 3 | 0.2254 | 0.2254 | tie |")
                .doesNotContain("| steady | r | spread |");
        // Seeds needed on r: SD 0.01 (df 2); 0.01, 0.02, 0.05 are 1, 2 and 5 SDs: 10, 5 and 3 seeds (SeedsNeededTest).
        // On t the SD is pooled over spread (0.1) and steady (0.01): sqrt((2 * 0.01 + 2 * 0.0001) / 4) = 0.0711, df 4.
        assertThat(md).contains("## Seeds needed").contains("| r | 0.0100 | 2 | 10 | 5 | 3 |").contains("| t | 0.0711 | 4 |");
        // Mean ± sample SD of 0.6, 0.8, 1.0 is 0.8 ± 0.2.
        assertThat(md).contains("| spread | 0.800 ± 0.200 (n=3) |");
        // Task t reports two metrics, so it gets a table of both; task r reports one and gets none.
        assertThat(md).contains("## t: every test metric").contains("| method | acc | f1 |")
                .contains("| spread | 0.800 ± 0.200 | 0.600 ± 0.100 |").doesNotContain("## r: every test metric");
    }

    @Test
    void aCellWhoseMetricIsUndefinedIsCountedAndLeftOutNeverANaNInATable() {
        List<BenchResults.Row> rows = new ArrayList<>();
        double[] uniform = {0.50, 0.60, 0.70};
        double[] other = {0.60, Double.NaN, 0.90}; // seed 2: constant predictions, correlation undefined
        for (int s = 0; s < 3; s++) {
            rows.add(row("t", "uniform", s + 1, "pearson", true, Map.of("pearson", uniform[s], "rmse", 1.0)));
            rows.add(row("t", "other", s + 1, "pearson", true, Map.of("pearson", other[s], "rmse", 1.0)));
        }
        String md = BenchResults.markdown(rows, List.of("uniform", "other"));
        // 0.6 and 0.9: mean 0.75, SD 0.212; paired differences 0.1 and 0.2 over the two seeds where both are defined
        // df 1: t = 0.15 / 0.05 = 3, p = 1 - 2 atan(3) / pi = 0.2048; t(1, 0.975) = 12.706205, half-width 0.635310.
        // Two seeds: the interval is shown, no verdict, and the comparison is not in a Holm family.
        assertThat(md).contains("| other | 0.750 ± 0.212 (n=2, 1 undefined) |")
                .contains("| other | t | +0.150 | [-0.485, 0.785] | 2 | 0.2048 | – | n < 3: no verdict |")
                .contains("Cells whose test metric is undefined are left out of the means")
                .doesNotContain("NaN");
    }

    @Test
    void twoSeedsGiveNoVerdictEvenWhenTheIntervalExcludesZero() {
        List<BenchResults.Row> rows = new ArrayList<>();
        // Differences 0.10, 0.11: mean 0.105, SD 0.007071, half-width 12.706205 * 0.005 = 0.063531: [0.041, 0.169].
        double[] uniform = {0.50, 0.60};
        double[] other = {0.60, 0.71};
        for (int s = 0; s < 2; s++) {
            rows.add(row("t", "uniform", s + 1, "acc", true, Map.of("acc", uniform[s])));
            rows.add(row("t", "other", s + 1, "acc", true, Map.of("acc", other[s])));
        }
        String md = BenchResults.markdown(rows, List.of("uniform", "other"));
        assertThat(md).contains("| other | t | +0.105 | [0.041, 0.169] | 2 |").contains("| n < 3: no verdict |")
                .doesNotContain("| win |");
    }

    @Test
    void holmOverTheTasksTurnsTwoRawWinsIntoTies() {
        List<BenchResults.Row> rows = new ArrayList<>();
        // Uniform 0.1 on every seed; the method's differences are a - 0.1, a, a + 0.1 (SD 0.1, df 2), t = a sqrt 3 / 0.1.
        // Task a, a = 0.28: t = 4.849742, p = 1 - t / sqrt(2 + t^2) = 1 - 4.849742 / 5.051732 = 0.039984.
        // Task b, a = 0.30: t = 5.196152, p = 1 - 5.196152 / sqrt 29 = 0.035098.
        // Both intervals exclude 0 (half-width 0.248414), but Holm: 2 * 0.035098 = 0.070197, then
        // max(0.070197, 0.039984) = 0.070197: both ties.
        double[][] method = {{0.28, 0.38, 0.48}, {0.30, 0.40, 0.50}};
        String[] tasks = {"a", "b"};
        for (int t = 0; t < 2; t++) {
            for (int s = 0; s < 3; s++) {
                rows.add(row(tasks[t], "uniform", s + 1, "acc", true, Map.of("acc", 0.1)));
                rows.add(row(tasks[t], "m", s + 1, "acc", true, Map.of("acc", method[t][s])));
            }
        }
        String md = BenchResults.markdown(rows, List.of("uniform", "m"));
        assertThat(md).contains("| m | a | +0.280 | [0.032, 0.528] | 3 | 0.0400 | 0.0702 | tie |")
                .contains("| m | b | +0.300 | [0.052, 0.548] | 3 | 0.0351 | 0.0702 | tie |")
                .contains("Holm-adjusted p is below 0.05");
    }

    @Test
    void aPValueNearTheLineShowsEnoughDigitsToMatchItsVerdict() {
        assertThat(PairedComparisons.pText(0.049996)).isEqualTo("0.049996");
        assertThat(PairedComparisons.pText(0.0742)).isEqualTo("0.0742");
        assertThat(PairedComparisons.pText(0.00001)).isEqualTo("< 0.0001");
        assertThat(PairedComparisons.pText(Double.NaN)).isEqualTo("–");
    }

    @Test
    void eachExtraFinetuningProtocolGetsItsOwnTablesFromTheCellsResults(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        List<BenchResults.Row> rows = new ArrayList<>();
        double[] probeUniform = {0.50, 0.55, 0.60};
        double[] probeOther = {0.60, 0.66, 0.72}; // differences 0.10, 0.11, 0.12: mean 0.11, SD 0.01
        for (int s = 0; s < 3; s++) {
            for (String m : List.of("uniform", "other")) {
                Path cell = java.nio.file.Files.createDirectories(tmp.resolve(m + "-" + s));
                double probe = m.equals("uniform") ? probeUniform[s] : probeOther[s];
                java.nio.file.Files.writeString(cell.resolve("results.json"), "{\"protocols\": {\"probe\": {\"bestEpoch\": 4, "
                        + "\"validation\": {\"acc\": 0.7}, \"test\": {\"acc\": " + probe + "}}}}");
                rows.add(new BenchResults.Row("t", m, s + 1, "acc", true, 0.8, 0.8, Map.of("acc", 0.8), 1, 10, 1.0,
                        List.of("a"), new double[] {1.0}, cell, null));
            }
        }
        String md = BenchResults.markdown(rows, List.of("uniform", "other"));
        assertThat(md).contains("# Protocol 'probe'").contains("## Test metric under protocol 'probe'")
                .contains("| other | 0.660 ± 0.060 (n=3) |") // the probe's numbers, not the main finetuning's 0.8
                .contains("| other | t | +0.110 | [0.085, 0.135] | 3 |");
        assertThat(md.indexOf("| other | 0.800")).isLessThan(md.indexOf("# Protocol 'probe'"));
    }

    @Test
    void theCsvCarriesEveryTestMetricAndKeepsDivergedCellsAligned() {
        BenchResults.Row ok = row("t", "uniform", 1, "acc", true, new java.util.TreeMap<>(Map.of("acc", 0.5, "f1", 0.25)));
        BenchResults.Row failed = new BenchResults.Row("t", "spread", 1, "", true, Double.NaN, Double.NaN, Map.of(), 0, 7, 0,
                List.of(), new double[0], Path.of("y"), "hypergradient not finite");
        String[] lines = BenchResults.csv(List.of(ok, failed)).split("\n");
        int columns = lines[0].split(",", -1).length;
        assertThat(lines[1]).isEqualTo("t,uniform,1,acc,0.500000,NaN,1,10,1.0,a=1.0000,acc=0.500000;f1=0.250000,");
        assertThat(lines[1].split(",", -1)).hasSize(columns);
        assertThat(lines[2].split(",", -1)).hasSize(columns);
        assertThat(lines[2]).endsWith(",\"hypergradient not finite\"");
    }

    @Test
    void aRebuiltReportListsMethodsInTheProtocolsOrder() {
        assertThat(Method.protocolOrder(List.of("bilevel", "tapweight-identity", "single-sop", "uniform", "my-method",
                "tapweight-cg", "direct", "single-mlm", "tapweight-neumann", "uniform")))
                .containsExactly("direct", "uniform", "single-mlm", "single-sop", "tapweight-cg", "tapweight-neumann",
                        "tapweight-identity", "my-method", "bilevel");
    }
}
