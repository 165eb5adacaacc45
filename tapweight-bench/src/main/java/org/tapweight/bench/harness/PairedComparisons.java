package org.tapweight.bench.harness;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import org.tapweight.bench.harness.BenchResults.Row;
import org.tapweight.bench.stats.Holm;
import org.tapweight.bench.stats.PairedTest;
import org.tapweight.bench.stats.SeedsNeeded;

/**
 * The report's paired comparisons (by seed): each method against uniform TAP, each method against the
 * best other method of its task, and the seeds a given difference needs. A verdict needs at least
 * {@link #MIN_SEEDS} paired seeds and a Holm-adjusted p below 0.05, the family being one method's
 * comparisons over the tasks.
 */
final class PairedComparisons {

    static final int MIN_SEEDS = 3;
    static final double ALPHA = 0.05;
    static final double[] DELTAS = {0.01, 0.02, 0.05};

    /** One method against a reference on one task; {@code holm} is NaN outside the Holm family (n < 3). */
    record Comparison(String method, String task, String reference, PairedTest test, double holm) {

        String verdict() {
            if (test.n() < MIN_SEEDS) {
                return "n < " + MIN_SEEDS + ": no verdict";
            }
            return !(holm < ALPHA) ? "tie" : test.mean() > 0 ? "win" : "loss";
        }
    }

    private PairedComparisons() {
    }

    /**
     * Per-seed differences {@code cells - reference} where both are finished and defined, signed so that
     * positive is better whichever the metric's direction.
     */
    static List<Double> differences(Map<Long, Row> cells, Map<Long, Row> reference) {
        List<Double> diffs = new ArrayList<>();
        for (Map.Entry<Long, Row> e : cells.entrySet()) {
            Row r = reference.get(e.getKey());
            Row c = e.getValue();
            if (r != null && defined(r) && defined(c)) {
                double d = c.test() - r.test();
                diffs.add(c.higherIsBetter() ? d : -d);
            }
        }
        return diffs;
    }

    private static boolean defined(Row r) {
        return !r.failed() && !Double.isNaN(r.test());
    }

    /** Every method but uniform against uniform, task by task, with Holm over each method's tasks. */
    static List<Comparison> againstUniform(Set<String> tasks, List<String> methods, Map<String, Map<String, Map<Long, Row>>> byTask) {
        List<Comparison> raw = new ArrayList<>();
        for (String t : tasks) {
            for (String m : methods) {
                if (!m.equals("uniform")) {
                    add(raw, byTask, t, m, "uniform");
                }
            }
        }
        return withHolm(raw);
    }

    /**
     * Every method against the method with the best mean test metric on the same task, uniform and itself
     * left out (the reference is chosen on the same test numbers, so it favours the reference).
     */
    static List<Comparison> againstBestOther(Set<String> tasks, List<String> methods, Map<String, Map<String, Map<Long, Row>>> byTask) {
        List<Comparison> raw = new ArrayList<>();
        for (String t : tasks) {
            for (String m : methods) {
                String best = null;
                double bestMean = Double.NaN;
                for (String other : methods) {
                    if (other.equals(m) || other.equals("uniform")) {
                        continue;
                    }
                    List<Row> ok = byTask.getOrDefault(t, Map.of()).getOrDefault(other, Map.of()).values().stream()
                            .filter(PairedComparisons::defined).toList();
                    if (ok.isEmpty()) {
                        continue;
                    }
                    double mean = ok.stream().mapToDouble(r -> r.higherIsBetter() ? r.test() : -r.test()).average().orElseThrow();
                    if (best == null || mean > bestMean) {
                        best = other;
                        bestMean = mean;
                    }
                }
                if (best != null) {
                    add(raw, byTask, t, m, best);
                }
            }
        }
        return withHolm(raw);
    }

    private static void add(List<Comparison> out, Map<String, Map<String, Map<Long, Row>>> byTask, String task, String method,
                            String reference) {
        Map<String, Map<Long, Row>> cells = byTask.getOrDefault(task, Map.of());
        List<Double> diffs = differences(cells.getOrDefault(method, Map.of()), cells.getOrDefault(reference, Map.of()));
        if (!diffs.isEmpty()) {
            out.add(new Comparison(method, task, reference, PairedTest.of(diffs), Double.NaN));
        }
    }

    /** Holm-adjusted p-values, the family being one method's comparisons with at least MIN_SEEDS seeds. */
    private static List<Comparison> withHolm(List<Comparison> raw) {
        Map<String, List<Integer>> families = new LinkedHashMap<>();
        for (int i = 0; i < raw.size(); i++) {
            if (raw.get(i).test().n() >= MIN_SEEDS) {
                families.computeIfAbsent(raw.get(i).method(), k -> new ArrayList<>()).add(i);
            }
        }
        double[] holm = new double[raw.size()];
        java.util.Arrays.fill(holm, Double.NaN);
        for (List<Integer> family : families.values()) {
            double[] adjusted = Holm.adjust(family.stream().mapToDouble(i -> raw.get(i).test().p()).toArray());
            for (int k = 0; k < family.size(); k++) {
                holm[family.get(k)] = adjusted[k];
            }
        }
        List<Comparison> out = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            Comparison c = raw.get(i);
            out.add(new Comparison(c.method(), c.task(), c.reference(), c.test(), holm[i]));
        }
        return out;
    }

    static void append(StringBuilder sb, Set<String> tasks, List<String> methods, Map<String, Map<String, Map<Long, Row>>> byTask) {
        List<Comparison> uniform = againstUniform(tasks, methods, byTask);
        sb.append("\n## Against uniform TAP, paired by seed\n\n")
                .append("Mean difference in the test metric (positive = better than uniform, whichever the metric's direction), ")
                .append("its 95% t-interval over the paired seeds, the paired t-test's two-sided p and the Holm-adjusted p ")
                .append("(the family: one method's comparisons over the tasks with at least ").append(MIN_SEEDS)
                .append(" seeds). Verdict: win or loss when the Holm-adjusted p is below 0.05, else tie; none below ")
                .append(MIN_SEEDS).append(" paired seeds.\n\n");
        table(sb, uniform, false);
        List<Comparison> best = againstBestOther(tasks, methods, byTask);
        if (!best.isEmpty()) {
            sb.append("\n## Against the best other method, paired by seed\n\n")
                    .append("Each method against the method with the best mean test metric on that task, itself and uniform left out ")
                    .append("(the best method is compared with the runner-up). The same statistics and verdicts as above. ")
                    .append("The reference is picked on these same test numbers, which favours it: a win here is conservative, a loss is not.\n\n");
            table(sb, best, true);
        }
        seedsNeeded(sb, tasks, uniform);
    }

    private static void table(StringBuilder sb, List<Comparison> comparisons, boolean showReference) {
        sb.append("| method | task |").append(showReference ? " against |" : "")
                .append(" mean difference | 95% interval | seeds | p | p (Holm) | verdict |\n|---|---|")
                .append(showReference ? "---|" : "").append("---|---|---|---|---|---|\n");
        for (Comparison c : comparisons) {
            PairedTest p = c.test();
            String interval = Double.isNaN(p.lower()) ? "–" : String.format(Locale.ROOT, "[%.3f, %.3f]", p.lower(), p.upper());
            sb.append(String.format(Locale.ROOT, "| %s | %s |%s %+.3f | %s | %d | %s | %s | %s |%n", c.method(), c.task(),
                    showReference ? " " + c.reference() + " |" : "", p.mean(), interval, p.n(), pText(p.p()), pText(c.holm()),
                    c.verdict()));
        }
    }

    static String pText(double p) {
        if (Double.isNaN(p)) {
            return "–";
        }
        if (p < 0.0001) {
            return "< 0.0001";
        }
        // Near the 0.05 line four decimals could show 0.0500 beside a verdict decided by 0.04998.
        return String.format(Locale.ROOT, Math.abs(p - 0.05) < 0.00005 ? "%.6f" : "%.4f", p);
    }

    /**
     * Per task, the SD of the paired differences against uniform pooled over the methods (weighted by
     * degrees of freedom), and the seeds a paired t-test needs to resolve each of {@link #DELTAS}.
     */
    private static void seedsNeeded(StringBuilder sb, Set<String> tasks, List<Comparison> againstUniform) {
        StringBuilder rows = new StringBuilder();
        for (String t : tasks) {
            double ss = 0;
            int df = 0;
            for (Comparison c : againstUniform) {
                if (c.task().equals(t) && c.test().n() >= 2) {
                    ss += (c.test().n() - 1) * c.test().sd() * c.test().sd();
                    df += c.test().n() - 1;
                }
            }
            if (df == 0) {
                continue;
            }
            double sd = Math.sqrt(ss / df);
            rows.append(String.format(Locale.ROOT, "| %s | %.4f | %d |", t, sd, df));
            for (double delta : DELTAS) {
                OptionalInt n = SeedsNeeded.seeds(sd, delta);
                rows.append(n.isPresent() ? " " + Math.max(MIN_SEEDS, n.getAsInt()) + " |" : " – |");
            }
            rows.append('\n');
        }
        if (rows.isEmpty()) {
            return;
        }
        sb.append("\n## Seeds needed\n\n")
                .append("Paired seeds a two-sided paired t-test (alpha 0.05, power 0.8) needs to resolve a true difference of ")
                .append("0.01, 0.02 or 0.05 in the test metric, given the SD of the paired differences against uniform ")
                .append("(pooled over the task's methods, weighted by degrees of freedom, df). Never fewer than ").append(MIN_SEEDS)
                .append(", the minimum for a verdict. Before the Holm correction: over k tasks the smallest p is held to 0.05/k, ")
                .append("which needs more seeds. An SD from few seeds is itself uncertain.\n\n")
                .append("| task | SD of paired differences | df |");
        for (double delta : DELTAS) {
            sb.append(String.format(Locale.ROOT, " seeds for %.2f |", delta));
        }
        sb.append("\n|---|---|---|").append("---|".repeat(DELTAS.length)).append('\n').append(rows);
    }
}
