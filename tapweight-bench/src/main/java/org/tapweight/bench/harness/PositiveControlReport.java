package org.tapweight.bench.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.tapweight.bench.harness.BenchResults.Row;
import org.tapweight.bench.stats.PairedTest;

/**
 * The positive control's own reading, where a bench holds {@code uniform} (harmed: uniform over every
 * objective, the planted one included) and {@code uniform-without-<planted>} (clean): the harm
 * (clean - harmed, paired by seed), and for every other TAP method the share of that gap it
 * recovers, {@code (method - harmed) / (clean - harmed)} of the means, with the paired test of
 * {@code (method - harmed) - 0.8 (clean - harmed)} (the target: at least 80% recovered, resolved by
 * the interval), and the planted objective's final weight. Differences are signed so that positive
 * is better whichever the metric's direction.
 */
final class PositiveControlReport {

    static final double TARGET = 0.8;
    static final double WEIGHT_TARGET = 0.05;

    private PositiveControlReport() {
    }

    static void append(StringBuilder sb, Set<String> tasks, List<String> methods, Map<String, Map<String, Map<Long, Row>>> byTask) {
        String clean = methods.stream().filter(m -> m.startsWith("uniform-without-")).findFirst().orElse(null);
        if (clean == null || !methods.contains("uniform")) {
            return;
        }
        String planted = clean.substring("uniform-without-".length());
        StringBuilder table = new StringBuilder();
        for (String t : tasks) {
            Map<Long, Row> harmed = byTask.getOrDefault(t, Map.of()).getOrDefault("uniform", Map.of());
            Map<Long, Row> cleanRows = byTask.getOrDefault(t, Map.of()).getOrDefault(clean, Map.of());
            List<Double> harm = new ArrayList<>();
            for (long seed : harmed.keySet()) {
                if (ok(harmed.get(seed)) && ok(cleanRows.get(seed))) {
                    harm.add(better(cleanRows.get(seed), harmed.get(seed)));
                }
            }
            if (harm.size() < 2) {
                continue;
            }
            PairedTest h = PairedTest.of(harm);
            table.append(String.format(Locale.ROOT, "| %s | harm: %s - uniform | %+.4f | %s | %d | %s | | |%n", t, clean, h.mean(),
                    interval(h), h.n(), verdict(h, "harm real", "clean worse")));
            for (String m : methods) {
                if (m.equals("uniform") || m.equals(clean) || m.equals("direct")) {
                    continue;
                }
                Map<Long, Row> rows = byTask.getOrDefault(t, Map.of()).getOrDefault(m, Map.of());
                List<Double> gained = new ArrayList<>();
                List<Double> gaps = new ArrayList<>();
                List<Double> aboveTarget = new ArrayList<>();
                List<Double> weights = new ArrayList<>();
                for (long seed : rows.keySet()) {
                    Row r = rows.get(seed);
                    if (!ok(r) || !ok(harmed.get(seed)) || !ok(cleanRows.get(seed))) {
                        continue;
                    }
                    double g = better(r, harmed.get(seed));
                    double gap = better(cleanRows.get(seed), harmed.get(seed));
                    gained.add(g);
                    gaps.add(gap);
                    aboveTarget.add(g - TARGET * gap);
                    int k = r.objectives().indexOf(planted);
                    if (k >= 0 && k < r.weights().length) {
                        weights.add(r.weights()[k]);
                    }
                }
                if (gained.size() < 2) {
                    continue;
                }
                double recovered = mean(gained) / mean(gaps);
                PairedTest target = PairedTest.of(aboveTarget);
                table.append(String.format(Locale.ROOT, "| %s | %s | %+.4f | %s | %d | %s | %.0f%% | %s |%n", t, m,
                        target.mean(), interval(target), target.n(), verdict(target, "target met", "target missed"), 100 * recovered,
                        weights.isEmpty() ? "–" : String.format(Locale.ROOT, "%.3f (max %.3f; %d of %d below %.2f)", mean(weights),
                                weights.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN),
                                weights.stream().filter(w -> w < WEIGHT_TARGET).count(), weights.size(), WEIGHT_TARGET)));
            }
        }
        if (table.isEmpty()) {
            return;
        }
        sb.append("\n## Positive control: the planted objective '").append(planted).append("'\n\n")
                .append("First row per task: the harm, clean (`").append(clean).append("`) minus harmed (`uniform`), paired by seed. ")
                .append(String.format(Locale.ROOT, "Then per method: the paired difference (method - harmed) - %.1f (clean - harmed), ", TARGET))
                .append(String.format(Locale.ROOT, "positive when the method recovered more than %.0f%% of the gap (a win: resolved by ", 100 * TARGET))
                .append("the interval, p < 0.05), the share of the gap recovered (of the means), ")
                .append("and the planted objective's final weight (mean over seeds). Positive = better, whatever the metric's direction.\n\n")
                .append("| task | method | paired difference | 95% interval | seeds | verdict | gap recovered | planted weight at the end |\n")
                .append("|---|---|---|---|---|---|---|---|\n").append(table);
    }

    /** No verdict below 3 seeds; else resolved (p < 0.05) one way or the other, or unresolved. */
    static String verdict(PairedTest t, String positive, String negative) {
        if (t.n() < PairedComparisons.MIN_SEEDS) {
            return "n < " + PairedComparisons.MIN_SEEDS + ": no verdict";
        }
        return !(t.p() < PairedComparisons.ALPHA) ? "unresolved" : t.mean() > 0 ? positive : negative;
    }

    private static boolean ok(Row r) {
        return r != null && !r.failed() && !Double.isNaN(r.test());
    }

    /** {@code a - b} in the direction where positive is better. */
    private static double better(Row a, Row b) {
        return a.higherIsBetter() ? a.test() - b.test() : b.test() - a.test();
    }

    private static double mean(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    private static String interval(PairedTest t) {
        return Double.isNaN(t.lower()) ? "–" : String.format(Locale.ROOT, "[%+.4f, %+.4f]", t.lower(), t.upper());
    }
}
