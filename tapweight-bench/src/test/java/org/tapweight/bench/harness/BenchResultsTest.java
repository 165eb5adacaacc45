package org.tapweight.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The report's numbers against hand-computed values: means, SDs, paired t-intervals and verdicts. */
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

        assertThat(md).contains("| spread | t | +0.200 | [-0.048, 0.448] | 3 | tie |")
                .contains("| steady | t | +0.110 | [0.085, 0.135] | 3 | win |")
                .contains("| steady | r | -0.110 | [-0.135, -0.085] | 3 | loss |");
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
        assertThat(md).contains("| other | 0.750 ± 0.212 (n=2, 1 undefined) |")
                .contains("| other | t | +0.150 |").contains("| 2 |")
                .contains("Cells whose test metric is undefined are left out of the means")
                .doesNotContain("NaN");
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
