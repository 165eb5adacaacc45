package org.tapweight.bench.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import org.tapweight.core.metrics.UndefinedMetrics;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.tapweight.core.record.AtomicFiles;
import org.tapweight.core.run.RunDriver;

/**
 * The finished cells of a bench folder and the files made from them: {@code results.csv} (one row
 * per cell), {@code results.md} (mean ± SD per task and method; paired comparisons against uniform TAP
 * and against the best other method, with Holm-adjusted p-values; the seeds a difference needs) and the
 * plots. Every file is written atomically.
 */
public final class BenchResults {

    /**
     * One finished cell; {@code test} and {@code validation} are the final finetuning's primary metric,
     * {@code testMetrics} every test metric the task reports (by name, sorted), the primary one included.
     */
    public record Row(String task, String method, long seed, String metric, boolean higherIsBetter, double test,
                      double validation, Map<String, Double> testMetrics, int bestEpoch, int steps, double seconds,
                      List<String> objectives, double[] weights, Path dir, String failure) {

        public boolean failed() {
            return failure != null;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private BenchResults() {
    }

    /** Reads every finished cell under {@code benchDir/cells}. */
    public static List<Row> collect(Path benchDir) {
        List<Row> rows = new ArrayList<>();
        Path cells = benchDir.resolve("cells");
        if (!Files.isDirectory(cells)) {
            return rows;
        }
        // Only finished cells' files are read, by name; other cells may be writing while we look.
        for (Path results : finishedCellFiles(cells)) {
            try {
                Path cell = results.getParent();
                JsonNode r = JSON.readTree(results.toFile());
                String task = cell.getParent().getParent().getFileName().toString();
                String method = cell.getParent().getFileName().toString();
                long seed = Long.parseLong(cell.getFileName().toString().substring("seed-".length()));
                if (results.getFileName().toString().equals(BenchRunner.FAILED_FILE)) {
                    rows.add(new Row(task, method, seed, "", true, Double.NaN, Double.NaN, Map.of(), 0, r.path("step").asInt(), 0,
                            List.of(), new double[0], cell, r.path("message").asText()));
                    continue;
                }
                String metric = r.path("primaryMetric").asText();
                JsonNode fin = r.path("finetuned");
                double test = fin.isMissingNode() ? r.path("test").path(metric).asDouble(Double.NaN)
                        : fin.path("test").path(metric).asDouble(Double.NaN);
                double val = fin.isMissingNode() ? r.path("validation").path(metric).asDouble(Double.NaN)
                        : fin.path("validation").path(metric).asDouble(Double.NaN);
                Map<String, Double> testMetrics = new TreeMap<>();
                (fin.isMissingNode() ? r.path("test") : fin.path("test")).fields()
                        .forEachRemaining(e -> testMetrics.put(e.getKey(), e.getValue().asDouble(Double.NaN)));
                List<String> objectives = new ArrayList<>();
                r.path("objectives").forEach(o -> objectives.add(o.asText()));
                double[] weights = new double[r.path("weights").size()];
                for (int i = 0; i < weights.length; i++) {
                    weights[i] = r.path("weights").get(i).asDouble();
                }
                rows.add(new Row(task, method, seed, metric, r.path("higherIsBetter").asBoolean(), test, val, testMetrics,
                        fin.path("bestEpoch").asInt(0), r.path("steps").asInt(), r.path("seconds").asDouble(), objectives,
                        weights, cell, null));
            } catch (java.nio.file.NoSuchFileException e) {
                // the cell was cleared for a restart while we read: not finished
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return rows;
    }

    /** results.json or failed.json of every finished cell under cells/task/method/seed-n, sorted. */
    private static List<Path> finishedCellFiles(Path cells) {
        List<Path> found = new ArrayList<>();
        for (Path task : children(cells)) {
            for (Path method : children(task)) {
                for (Path seed : children(method)) {
                    for (String name : new String[] {RunDriver.RESULTS_FILE, BenchRunner.FAILED_FILE}) {
                        if (Files.isRegularFile(seed.resolve(name))) {
                            found.add(seed.resolve(name));
                        }
                    }
                }
            }
        }
        java.util.Collections.sort(found);
        return found;
    }

    private static List<Path> children(Path dir) {
        try (var list = Files.list(dir)) {
            return list.filter(Files::isDirectory).sorted().toList();
        } catch (java.nio.file.NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes results.csv, results.md, the plots and results.html (all of them in one file); returns the Markdown. */
    public static String write(Path benchDir, List<Row> rows, List<String> methodOrder) {
        try {
            AtomicFiles.writeString(benchDir.resolve("results.csv"), csv(RandomSearch.withSearchRows(rows)));
            String md = markdown(rows, methodOrder);
            AtomicFiles.writeString(benchDir.resolve("results.md"), md);
            Plots.write(benchDir.resolve("plots"), rows, methodOrder);
            HtmlReport.write(benchDir, "Bench " + benchDir.getFileName(), md);
            return md;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String csv(List<Row> rows) {
        StringBuilder sb = new StringBuilder("task,method,seed,metric,test,validation,best_epoch,outer_steps,seconds,final_weights,test_metrics,failure\n");
        for (Row r : rows) {
            if (r.failed()) {
                sb.append(String.format(Locale.ROOT, "%s,%s,%d,,,,,%d,,,,\"%s\"%n", r.task(), r.method(), r.seed(), r.steps(),
                        r.failure().replace("\"", "'")));
                continue;
            }
            StringBuilder w = new StringBuilder();
            for (int i = 0; i < r.weights().length; i++) {
                w.append(i == 0 ? "" : ";").append(r.objectives().get(i)).append('=')
                        .append(String.format(Locale.ROOT, "%.4f", r.weights()[i]));
            }
            StringBuilder all = new StringBuilder();
            r.testMetrics().forEach((name, value) -> all.append(all.isEmpty() ? "" : ";").append(name).append('=')
                    .append(String.format(Locale.ROOT, "%.6f", value)));
            sb.append(String.format(Locale.ROOT, "%s,%s,%d,%s,%.6f,%.6f,%d,%d,%.1f,%s,%s,%n", r.task(), r.method(), r.seed(),
                    r.metric(), r.test(), r.validation(), r.bestEpoch(), r.steps(), r.seconds(), w, all));
        }
        return sb.toString();
    }

    /** Mean and sample SD of a list (SD NaN for fewer than two values). */
    static double[] meanSd(List<Double> values) {
        double mean = values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        if (values.size() < 2) {
            return new double[] {mean, Double.NaN};
        }
        double ss = values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum();
        return new double[] {mean, Math.sqrt(ss / (values.size() - 1))};
    }

    /** "mean ± SD" to three decimals, "–" for the SD of a single value. */
    static String meanSdText(List<Double> values) {
        double[] ms = meanSd(values);
        return String.format(Locale.ROOT, "%.3f ± %s", ms[0],
                Double.isNaN(ms[1]) ? "–" : String.format(Locale.ROOT, "%.3f", ms[1]));
    }

    static String markdown(List<Row> rows, List<String> methodOrder) {
        StringBuilder sb = new StringBuilder();
        List<Row> main = RandomSearch.withSearchRows(rows);
        appendEvaluation(sb, "Test metric after the final early-stopped finetuning (the run config's finetune section: full, probe or partial)", main, methodOrder, true);
        Set<String> tasks = new LinkedHashSet<>();
        main.forEach(r -> tasks.add(r.task()));
        List<String> methods = new ArrayList<>(methodOrder);
        main.stream().map(Row::method).distinct().filter(m -> !methods.contains(m)).forEach(methods::add);
        NoiseFloorReport.append(sb, rows, tasks, methods);
        CostReport.append(sb, main, tasks, methods);
        TrajectoryReport.append(sb, rows, tasks, methods);
        ProtocolRows.of(rows).forEach((name, protocolRows) -> {
            sb.append("\n# Protocol '").append(name).append("' (finetune.extraProtocols: the same final encoders, evaluated so)\n\n");
            appendEvaluation(sb, "Test metric under protocol '" + name + "'", RandomSearch.withSearchRows(protocolRows),
                    methodOrder, false);
        });
        return sb.toString();
    }

    /** The headline table, every test metric and the paired comparisons of {@code rows}; the learned weights if asked. */
    private static void appendEvaluation(StringBuilder sb, String title, List<Row> rows, List<String> methodOrder, boolean weights) {
        Set<String> tasks = new LinkedHashSet<>();
        rows.forEach(r -> tasks.add(r.task()));
        List<String> methods = new ArrayList<>(methodOrder);
        rows.forEach(r -> {
            if (!methods.contains(r.method())) {
                methods.add(r.method());
            }
        });
        Map<String, Map<String, Map<Long, Row>>> byTask = new TreeMap<>();
        for (Row r : rows) {
            byTask.computeIfAbsent(r.task(), k -> new LinkedHashMap<>()).computeIfAbsent(r.method(), k -> new TreeMap<>())
                    .put(r.seed(), r);
        }
        sb.append("## ").append(title).append(" (mean ± SD over seeds, n = seeds)\n\n| method |");
        for (String t : tasks) {
            Row any = rows.stream().filter(r -> r.task().equals(t) && !r.failed()).findFirst().orElse(rows.stream()
                    .filter(r -> r.task().equals(t)).findFirst().orElseThrow());
            sb.append(' ').append(t).append(" (").append(any.metric()).append(any.higherIsBetter() ? ", higher is better" : ", lower is better")
                    .append(") |");
        }
        sb.append("\n|---|").append("---|".repeat(tasks.size())).append('\n');
        for (String m : methods) {
            sb.append("| ").append(m).append(" |");
            for (String t : tasks) {
                Map<Long, Row> cells = byTask.getOrDefault(t, Map.of()).getOrDefault(m, Map.of());
                List<Double> v = cells.values().stream().filter(r -> !r.failed() && !Double.isNaN(r.test())).map(Row::test).toList();
                long failed = cells.values().stream().filter(Row::failed).count();
                long undefined = cells.values().stream().filter(r -> !r.failed() && Double.isNaN(r.test())).count();
                String diverged = (failed == 0 ? "" : String.format(Locale.ROOT, ", %d diverged", failed))
                        + (undefined == 0 ? "" : String.format(Locale.ROOT, ", %d undefined", undefined));
                if (v.isEmpty()) {
                    sb.append(cells.isEmpty() ? " – |" : undefined == 0 ? " diverged (" + failed + ") |"
                            : " none defined (" + diverged.substring(2) + ") |");
                } else {
                    sb.append(String.format(Locale.ROOT, " %s (n=%d%s) |", meanSdText(v), v.size(), diverged));
                }
            }
            sb.append('\n');
        }
        if (rows.stream().anyMatch(r -> !r.failed() && Double.isNaN(r.test()))) {
            sb.append("\nCells whose test metric is undefined are left out of the means: ").append(UndefinedMetrics.REASON)
                    .append(" (each cell's results.json names them under undefinedMetrics).\n");
        }
        List<Row> failures = rows.stream().filter(Row::failed).toList();
        if (!failures.isEmpty()) {
            sb.append("\nDiverged cells (kept in the grid, left out of the means):\n\n");
            for (Row r : failures) {
                sb.append("- ").append(r.task()).append(" / ").append(r.method()).append(" / seed ").append(r.seed())
                        .append(": ").append(r.failure()).append('\n');
            }
        }
        appendAllTestMetrics(sb, rows, tasks, methods, byTask);
        PairedComparisons.append(sb, tasks, methods, byTask);
        PositiveControlReport.append(sb, tasks, methods, byTask);
        if (weights) {
            LearnedWeightsReport.append(sb, rows, tasks, methods);
        }
    }

    /** For each task that reports more than one test metric, a table of every metric (mean ± SD over seeds). */
    private static void appendAllTestMetrics(StringBuilder sb, List<Row> rows, Set<String> tasks, List<String> methods,
                                             Map<String, Map<String, Map<Long, Row>>> byTask) {
        for (String t : tasks) {
            Set<String> names = new java.util.TreeSet<>();
            rows.stream().filter(r -> r.task().equals(t)).forEach(r -> names.addAll(r.testMetrics().keySet()));
            if (names.size() < 2) {
                continue;
            }
            sb.append("\n## ").append(t).append(": every test metric (mean ± SD over seeds)\n\n| method |");
            names.forEach(n -> sb.append(' ').append(n).append(" |"));
            sb.append("\n|---|").append("---|".repeat(names.size())).append('\n');
            for (String m : methods) {
                List<Row> ok = byTask.getOrDefault(t, Map.of()).getOrDefault(m, Map.of()).values().stream()
                        .filter(r -> !r.failed()).toList();
                if (ok.isEmpty()) {
                    continue;
                }
                sb.append("| ").append(m).append(" |");
                for (String n : names) {
                    List<Double> v = ok.stream().filter(r -> r.testMetrics().containsKey(n)).map(r -> r.testMetrics().get(n))
                            .filter(x -> !Double.isNaN(x)).toList();
                    long undefined = ok.stream().filter(r -> r.testMetrics().containsKey(n) && Double.isNaN(r.testMetrics().get(n))).count();
                    String note = undefined == 0 ? "" : " (" + undefined + " undefined)";
                    sb.append(v.isEmpty() ? (undefined == 0 ? " – |" : " undefined |") : " " + meanSdText(v) + note + " |");
                }
                sb.append('\n');
            }
        }
    }
}
