package org.tapweight.bench.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.tapweight.bench.harness.BenchResults.Row;
import org.tapweight.core.run.RunDriver;

/**
 * The noise floor of a bench, per evaluation (the main finetuning and each extra protocol), task and
 * method: how far the test metric moves between finetuning seeds of one pretrained encoder (the SD of
 * the repeats of {@code finetune.seeds}, pooled over the cells), what that leaves in the reported
 * mean of n repeats (SD / sqrt(n)), and how far the reported value moves between TAP seeds (the SD
 * over the cells). A difference between methods smaller than these is not a result.
 */
final class NoiseFloorReport {

    private static final ObjectMapper JSON = new ObjectMapper();

    private NoiseFloorReport() {
    }

    static void append(StringBuilder sb, List<Row> rows, Set<String> tasks, List<String> methods) {
        // evaluation -> task -> method -> per cell, the primary test metric of each finetuning seed
        Map<String, Map<String, Map<String, List<List<Double>>>>> repeats = new LinkedHashMap<>();
        for (Row r : rows) {
            if (r.failed()) {
                continue;
            }
            JsonNode results = read(r.dir().resolve(RunDriver.RESULTS_FILE));
            if (results == null) {
                continue;
            }
            add(repeats, "main", r, results.path("finetuned"));
            results.path("protocols").fields().forEachRemaining(p -> add(repeats, p.getKey(), r, p.getValue()));
        }
        if (repeats.isEmpty()) {
            return;
        }
        sb.append("\n## Noise floor\n\n")
                .append("Per evaluation: the SD of the test metric between finetuning seeds of the same pretrained encoder ")
                .append("(pooled over the cells), the SD that leaves in a cell's mean of n finetuning seeds (SD / sqrt(n)), ")
                .append("and the SD of that mean between TAP seeds of the same method.\n\n")
                .append("| evaluation | task | method | cells | finetuning seeds | SD between finetuning seeds | SD of their mean | SD between TAP seeds |\n")
                .append("|---|---|---|---|---|---|---|---|\n");
        repeats.forEach((evaluation, byTask) -> {
            for (String t : tasks) {
                for (String m : methods) {
                    List<List<Double>> cells = byTask.getOrDefault(t, Map.of()).getOrDefault(m, List.of());
                    if (cells.isEmpty()) {
                        continue;
                    }
                    int n = cells.get(0).size();
                    double within = pooledSd(cells);
                    List<Double> means = cells.stream().map(c -> c.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN))
                            .toList();
                    double between = BenchResults.meanSd(means)[1];
                    sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %d | %d | %s | %s | %s |%n", evaluation, t, m, cells.size(), n,
                            number(within), number(within / Math.sqrt(n)), number(between)));
                }
            }
        });
    }

    private static void add(Map<String, Map<String, Map<String, List<List<Double>>>>> repeats, String evaluation, Row r,
                            JsonNode finetuned) {
        JsonNode list = finetuned.path("repeats");
        if (!list.isArray() || list.size() < 2) {
            return;
        }
        List<Double> values = new ArrayList<>();
        for (JsonNode one : list) {
            double v = one.path("test").path(r.metric()).asDouble(Double.NaN);
            if (Double.isNaN(v)) {
                return; // an undefined repeat: this cell says nothing about the spread
            }
            values.add(v);
        }
        repeats.computeIfAbsent(evaluation, k -> new LinkedHashMap<>()).computeIfAbsent(r.task(), k -> new LinkedHashMap<>())
                .computeIfAbsent(r.method(), k -> new ArrayList<>()).add(values);
    }

    /** sqrt of the within-cell variances averaged with weights n_i - 1. */
    static double pooledSd(List<List<Double>> cells) {
        double ss = 0;
        int df = 0;
        for (List<Double> c : cells) {
            double mean = c.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            for (double v : c) {
                ss += (v - mean) * (v - mean);
            }
            df += c.size() - 1;
        }
        return df == 0 ? Double.NaN : Math.sqrt(ss / df);
    }

    private static JsonNode read(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read", e);
        }
    }

    private static String number(double x) {
        return Double.isNaN(x) ? "–" : String.format(Locale.ROOT, "%.4f", x);
    }
}
