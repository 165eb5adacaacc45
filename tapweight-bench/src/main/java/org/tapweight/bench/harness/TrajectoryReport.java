package org.tapweight.bench.harness;

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
 * Two views of the cells' step events: how the weights of each method that learns them moved
 * (each objective's weight at fractions of the run: the mean over seeds and the range, so every
 * seed shows), and whether level I had flattened by the end (each objective's loss, the least-squares
 * slope over the last fifth of the steps times its length, relative to the loss there: -0.10 means
 * the loss was still falling by 10% over that stretch).
 */
final class TrajectoryReport {

    static final double[] FRACTIONS = {0, 0.1, 0.25, 0.5, 0.75, 1};
    static final double LAST_STRETCH = 0.2;

    private TrajectoryReport() {
    }

    static void append(StringBuilder sb, List<Row> rows, Set<String> tasks, List<String> methods) {
        appendWeights(sb, rows, tasks, methods);
        appendSlopes(sb, rows, tasks, methods);
    }

    private static void appendWeights(StringBuilder sb, List<Row> rows, Set<String> tasks, List<String> methods) {
        for (String t : tasks) {
            for (String m : methods) {
                if (!new Method(m).learnsWeights()) {
                    continue;
                }
                List<Row> cells = cells(rows, t, m);
                List<double[][]> trajectories = new ArrayList<>(); // per seed: [fraction][objective]
                for (Row r : cells) {
                    List<StepResult> steps = steps(r);
                    if (steps.isEmpty()) {
                        continue;
                    }
                    double[][] w = new double[FRACTIONS.length][r.objectives().size()];
                    for (int f = 0; f < FRACTIONS.length; f++) {
                        StepResult s = steps.get((int) Math.round(FRACTIONS[f] * (steps.size() - 1)));
                        for (int k = 0; k < w[f].length; k++) {
                            w[f][k] = s.weights() != null && k < s.weights().length ? s.weights()[k] : Double.NaN;
                        }
                    }
                    if (java.util.Arrays.stream(w).flatMapToDouble(java.util.Arrays::stream).noneMatch(Double::isNaN)) {
                        trajectories.add(w); // a record without weights in its steps shows nothing here
                    }
                }
                if (trajectories.isEmpty()) {
                    continue;
                }
                List<String> objectives = cells.get(0).objectives();
                sb.append("\n## ").append(t).append(" / ").append(m)
                        .append(": weights over the run (mean over ").append(trajectories.size())
                        .append(" seeds, [min, max] over seeds)\n\n| objective |");
                for (double f : FRACTIONS) {
                    sb.append(String.format(Locale.ROOT, " %.0f%% |", 100 * f));
                }
                sb.append("\n|---|").append("---|".repeat(FRACTIONS.length)).append('\n');
                for (int k = 0; k < objectives.size(); k++) {
                    sb.append("| ").append(objectives.get(k)).append(" |");
                    for (int f = 0; f < FRACTIONS.length; f++) {
                        double sum = 0;
                        double min = Double.POSITIVE_INFINITY;
                        double max = Double.NEGATIVE_INFINITY;
                        for (double[][] w : trajectories) {
                            sum += w[f][k];
                            min = Math.min(min, w[f][k]);
                            max = Math.max(max, w[f][k]);
                        }
                        sb.append(String.format(Locale.ROOT, " %.3f [%.3f, %.3f] |", sum / trajectories.size(), min, max));
                    }
                    sb.append('\n');
                }
            }
        }
    }

    private static void appendSlopes(StringBuilder sb, List<Row> rows, Set<String> tasks, List<String> methods) {
        StringBuilder table = new StringBuilder();
        for (String t : tasks) {
            for (String m : methods) {
                List<Row> cells = cells(rows, t, m);
                List<double[]> perSeed = new ArrayList<>();
                for (Row r : cells) {
                    double[] s = relativeSlopes(steps(r), r.objectives().size());
                    if (s != null) {
                        perSeed.add(s);
                    }
                }
                if (perSeed.isEmpty()) {
                    continue;
                }
                table.append("| ").append(t).append(" | ").append(m).append(" |");
                List<String> objectives = cells.get(0).objectives();
                for (int k = 0; k < objectives.size(); k++) {
                    int index = k;
                    table.append(' ').append(objectives.get(k)).append(' ')
                            .append(BenchResults.meanSdText(perSeed.stream().map(s -> s[index]).filter(x -> !Double.isNaN(x)).toList()))
                            .append(k + 1 < objectives.size() ? ";" : "").append("");
                }
                table.append(" |\n");
            }
        }
        if (table.isEmpty()) {
            return;
        }
        sb.append("\n## Has level I flattened? (last-stretch slope)\n\n")
                .append(String.format(Locale.ROOT, "Per objective, the least-squares slope of its level-I loss over the last %.0f%% of the ",
                        100 * LAST_STRETCH))
                .append("outer steps, times that stretch's length, relative to the mean loss there (mean ± SD over seeds): ")
                .append("the relative change over the last stretch. Near 0: flat; -0.10: still falling by 10%.\n\n")
                .append("| task | method | relative change over the last stretch |\n|---|---|---|\n").append(table);
    }

    /** Per objective, slope * stretch length / mean over the last stretch; null if too few steps. */
    static double[] relativeSlopes(List<StepResult> steps, int objectives) {
        int n = (int) Math.round(LAST_STRETCH * steps.size());
        if (n < 5) {
            return null;
        }
        List<StepResult> last = steps.subList(steps.size() - n, steps.size());
        double[] out = new double[objectives];
        for (int k = 0; k < objectives; k++) {
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                double[] losses = last.get(i).objectiveLosses();
                y[i] = losses != null && k < losses.length ? losses[k] : Double.NaN;
            }
            out[k] = relativeChange(y);
        }
        return out;
    }

    /** Least-squares slope of {@code y} against 0..n-1, times n, over the mean of {@code y}. */
    static double relativeChange(double[] y) {
        int n = y.length;
        double mx = (n - 1) / 2.0;
        double my = 0;
        for (double v : y) {
            my += v / n;
        }
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < n; i++) {
            sxy += (i - mx) * (y[i] - my);
            sxx += (i - mx) * (i - mx);
        }
        return my == 0 ? Double.NaN : sxy / sxx * n / my;
    }

    private static List<Row> cells(List<Row> rows, String task, String method) {
        return rows.stream().filter(r -> r.task().equals(task) && r.method().equals(method) && !r.failed()).toList();
    }

    private static List<StepResult> steps(Row r) {
        Path record = r.dir().resolve(RunRecord.FILE_NAME);
        return Files.isRegularFile(record) ? RunHistory.read(record).steps() : List.of();
    }

}
