package org.tapweight.bench.harness;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.commons.math3.stat.descriptive.rank.Median;
import org.tapweight.core.engine.StepResult;
import org.tapweight.core.record.RunHistory;
import org.tapweight.core.record.RunRecord;

/**
 * The part of a bench report about the methods that learn weights: the final weights they reached,
 * and how well level III's implicit solves went, read from the cells' run records. A hypergradient
 * whose linear solves did not converge is an approximation of unknown quality, and a reader comparing
 * strategies needs to know that before reading a tie as "the strategy does not matter".
 */
final class LearnedWeightsReport {

    /** Per task and method: the level-III steps, their HVPs and the relative residuals the solvers reported. */
    record SolveSummary(String task, String method, int cells, int steps, double medianHvps, int residuals,
                        double medianResidualI, double medianResidualII, int residualsAtLeastOne,
                        double medianUndampedI, double medianUndampedII, double medianDampingI, double medianDampingII) {
    }

    private LearnedWeightsReport() {
    }

    static void append(StringBuilder sb, List<BenchResults.Row> rows, Set<String> tasks, List<String> methods) {
        appendFinalWeights(sb, rows, tasks, methods);
        List<SolveSummary> solves = new ArrayList<>();
        for (String t : tasks) {
            for (String m : methods) {
                SolveSummary s = summarise(t, m, rows);
                if (s != null) {
                    solves.add(s);
                }
            }
        }
        if (solves.isEmpty()) {
            return;
        }
        sb.append("\n## Level III's implicit solves (from the run records)\n\n")
                .append("Per hypergradient step, the strategy solves (H + damping I) x = v at level I and level II. ")
                .append("Residuals are ||v - (H + damping I) x|| / ||v|| as the strategy reports them: CG after its last iteration, ")
                .append("Neumann only when it stopped early because the series grew (it returns its best iterate); ")
                .append("a residual >= 1 means the solve did no better than x = 0. Unrolled and identity solve nothing. ")
                .append("The undamped residual ||v - H x|| / ||v|| says how far x is from H^-1 v; runs recorded before it ")
                .append("was reported show –.\n\n")
                .append("| task | method | cells | hypergradient steps | HVPs per step (median) | residuals reported | ")
                .append("median residual, level I | median residual, level II | residuals >= 1 | ")
                .append("median undamped residual, I / II | median damping, I / II |\n")
                .append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (SolveSummary s : solves) {
            sb.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %s | %d | %s | %s | %s | %s / %s | %s / %s |%n", s.task(),
                    s.method(), s.cells(), s.steps(), number(s.medianHvps(), "%.1f"), s.residuals(),
                    number(s.medianResidualI(), "%.3g"), number(s.medianResidualII(), "%.3g"), s.residuals() == 0 ? "–"
                            : String.format(Locale.ROOT, "%d (%.0f%%)", s.residualsAtLeastOne(),
                                    100.0 * s.residualsAtLeastOne() / s.residuals()),
                    number(s.medianUndampedI(), "%.3g"), number(s.medianUndampedII(), "%.3g"),
                    number(s.medianDampingI(), "%.3g"), number(s.medianDampingII(), "%.3g")));
        }
    }

    /** Mean final weight of each objective over the seeds, for every method that learns weights. */
    private static void appendFinalWeights(StringBuilder sb, List<BenchResults.Row> rows, Set<String> tasks, List<String> methods) {
        for (String t : tasks) {
            List<BenchResults.Row> learned = rows.stream()
                    .filter(r -> r.task().equals(t) && !r.failed() && new Method(r.method()).learnsWeights()).toList();
            if (learned.isEmpty()) {
                continue;
            }
            List<String> objectives = learned.get(0).objectives();
            sb.append("\n## ").append(t).append(": final objective weights (mean ± SD over seeds)\n\n| method |");
            objectives.forEach(o -> sb.append(' ').append(o).append(" |"));
            sb.append("\n|---|").append("---|".repeat(objectives.size())).append('\n');
            for (String m : methods) {
                List<BenchResults.Row> ok = learned.stream().filter(r -> r.method().equals(m)).toList();
                if (ok.isEmpty()) {
                    continue;
                }
                if (ok.stream().anyMatch(r -> !r.objectives().equals(objectives))) {
                    sb.append("| ").append(m).append(" | (objectives differ from ").append(objectives).append(": left out) |")
                            .append(" |".repeat(objectives.size() - 1)).append('\n');
                    continue;
                }
                sb.append("| ").append(m).append(" |");
                for (int k = 0; k < objectives.size(); k++) {
                    int index = k;
                    sb.append(' ').append(BenchResults.meanSdText(ok.stream().map(r -> r.weights()[index]).toList())).append(" |");
                }
                sb.append('\n');
            }
        }
    }

    /** The solve summary of one task and method, or null when its cells made no Hessian-vector products. */
    static SolveSummary summarise(String task, String method, List<BenchResults.Row> rows) {
        int cells = 0;
        int steps = 0;
        List<Double> hvps = new ArrayList<>();
        List<Double> residualI = new ArrayList<>();
        List<Double> residualII = new ArrayList<>();
        List<Double> undampedI = new ArrayList<>();
        List<Double> undampedII = new ArrayList<>();
        List<Double> dampingI = new ArrayList<>();
        List<Double> dampingII = new ArrayList<>();
        for (BenchResults.Row r : rows) {
            Path record = r.dir().resolve(RunRecord.FILE_NAME);
            if (!r.task().equals(task) || !r.method().equals(method) || r.failed() || !Files.isRegularFile(record)) {
                continue;
            }
            cells++;
            for (StepResult e : RunHistory.read(record).steps()) {
                if (e.hypergradient() == null) {
                    continue;
                }
                steps++;
                hvps.add((double) (e.hvpsI() + e.hvpsII()));
                addFinite(residualI, e.residualI());
                addFinite(residualII, e.residualII());
                addFinite(undampedI, e.undampedResidualI());
                addFinite(undampedII, e.undampedResidualII());
                addFinite(dampingI, e.dampingI());
                addFinite(dampingII, e.dampingII());
            }
        }
        if (steps == 0 || hvps.stream().allMatch(h -> h == 0.0)) {
            return null;
        }
        int residuals = residualI.size() + residualII.size();
        int atLeastOne = (int) (residualI.stream().filter(x -> x >= 1).count() + residualII.stream().filter(x -> x >= 1).count());
        return new SolveSummary(task, method, cells, steps, median(hvps), residuals, median(residualI), median(residualII),
                atLeastOne, median(undampedI), median(undampedII), median(dampingI), median(dampingII));
    }



    /** Adds a residual when the record holds a finite number (it writes "NaN" where none was computed). */
    private static void addFinite(List<Double> into, double x) {
        if (Double.isFinite(x)) {
            into.add(x);
        }
    }

    /** Median (mean of the middle two for an even count); NaN for none. */
    static double median(List<Double> values) {
        return new Median().evaluate(values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static String number(double x, String format) {
        return Double.isNaN(x) ? "–" : String.format(Locale.ROOT, format, x);
    }
}
