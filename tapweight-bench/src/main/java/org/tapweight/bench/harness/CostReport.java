package org.tapweight.bench.harness;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.tapweight.bench.harness.BenchResults.Row;
import org.tapweight.core.engine.StepResult;
import org.tapweight.core.record.RunHistory;
import org.tapweight.core.record.RunRecord;

/**
 * What each method cost, per task: wall time per cell (TAP and every finetuning; a search's is the
 * sum of its candidates') against uniform TAP's, and gradient-equivalents per outer step from the run
 * records: one per level-I and level-II step plus the level-III update's own gradient evaluations
 * (the hypergradient's HVPs, or a balancer's per-objective gradients).
 */
final class CostReport {

    private CostReport() {
    }

    static void append(StringBuilder sb, List<Row> rows, Set<String> tasks, List<String> methods) {
        sb.append("\n## Cost per method\n\n")
                .append("| task | method | cells | wall seconds per cell (mean) | x uniform | gradient-equivalents per outer step |\n")
                .append("|---|---|---|---|---|---|\n");
        for (String t : tasks) {
            double uniform = meanSeconds(rows, t, "uniform");
            for (String m : methods) {
                List<Row> ok = rows.stream().filter(r -> r.task().equals(t) && r.method().equals(m) && !r.failed()).toList();
                if (ok.isEmpty()) {
                    continue;
                }
                double seconds = meanSeconds(rows, t, m);
                List<Double> perStep = new ArrayList<>();
                if (!m.startsWith("search-")) {
                    ok.forEach(r -> perStep.add(gradientsPerStep(r.dir().resolve(RunRecord.FILE_NAME))));
                }
                double g = perStep.stream().filter(x -> !Double.isNaN(x)).mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
                sb.append(String.format(Locale.ROOT, "| %s | %s | %d | %.0f | %s | %s |%n", t, m, ok.size(), seconds,
                        Double.isNaN(uniform) ? "–" : String.format(Locale.ROOT, "%.2f", seconds / uniform),
                        m.startsWith("search-") ? "sum of its candidates'" : Double.isNaN(g) ? "–" : String.format(Locale.ROOT, "%.2f", g)));
            }
        }
    }

    private static double meanSeconds(List<Row> rows, String task, String method) {
        return rows.stream().filter(r -> r.task().equals(task) && r.method().equals(method) && !r.failed())
                .mapToDouble(Row::seconds).average().orElse(Double.NaN);
    }

    /** Gradient-equivalents per outer step of one cell's record, NaN when it holds no steps. */
    static double gradientsPerStep(Path record) {
        if (!Files.isRegularFile(record)) {
            return Double.NaN;
        }
        RunHistory h = RunHistory.read(record);
        int perStep = 0;
        if (h.start() != null) {
            JsonNode config = h.start().path("config");
            String mode = config.path("mode").asText();
            int levelI = mode.equals("FINETUNE") ? 0 : config.path("levelI").path("steps").asInt();
            int levelII = mode.equals("PRETRAIN") ? 0 : config.path("levelII").path("steps").asInt();
            perStep = mode.equals("BILEVEL") ? levelI : levelI + levelII;
        }
        long total = 0;
        int steps = h.steps().size();
        for (StepResult e : h.steps()) {
            total += perStep + e.gradientEvaluations();
        }
        return steps == 0 ? Double.NaN : (double) total / steps;
    }
}
