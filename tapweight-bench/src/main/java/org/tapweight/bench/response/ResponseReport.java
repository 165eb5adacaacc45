package org.tapweight.bench.response;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.math3.stat.correlation.PearsonsCorrelation;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;
import org.apache.commons.math3.stat.descriptive.rank.Median;
import org.tapweight.core.record.AtomicFiles;
import org.tapweight.core.run.Provenance;

/**
 * The analysis of a response test: per strategy, sign agreement of the predicted {@code <h, d>} with
 * the mean response over batch seeds, and Pearson and Spearman correlations; the noise floor of the
 * response itself (SD over seeds, median |mean| / SE, and the self-agreement ceiling); a linearity
 * check across epsilons. Written as predictions.csv, response.md and one plot per strategy.
 */
public final class ResponseReport {

    /** One strategy's agreement with the measured responses (primary epsilon). */
    public record Agreement(String strategy, int agree, int directions, int agreeSignificant, int significant,
                            double pearson, double spearman, int agreeSingleSeed, int singleSeedRows) {
    }

    private final ResponseSettings settings;
    private final Plan plan;
    private final List<Long> seeds;
    private final List<ResponseRow> rows;

    ResponseReport(ResponseSettings settings, Plan plan, List<Long> seeds, List<ResponseRow> rows) {
        this.settings = settings;
        this.plan = plan;
        this.seeds = seeds;
        this.rows = rows;
    }

    public double primaryEpsilon() {
        return settings.epsilons().get(0);
    }

    List<DirectionStats> stats(double epsilon) {
        return plan.directions().stream().map(d -> DirectionStats.of(d, rows, epsilon, seeds)).filter(s -> s.n() > 0).toList();
    }

    /** Per strategy, at the primary epsilon. */
    public List<Agreement> agreements() {
        List<DirectionStats> stats = stats(primaryEpsilon());
        List<Agreement> out = new ArrayList<>();
        for (Prediction p : plan.predictions()) {
            int agree = 0;
            int agreeSig = 0;
            int sig = 0;
            int agreeSingle = 0;
            int single = 0;
            double[] x = new double[stats.size()];
            double[] y = new double[stats.size()];
            for (int j = 0; j < stats.size(); j++) {
                DirectionStats s = stats.get(j);
                double g = Direction.dot(p.hypergradient(), s.direction().d());
                x[j] = g;
                y[j] = s.mean();
                boolean same = DirectionStats.sameSign(g, s.mean());
                agree += same ? 1 : 0;
                if (s.significant()) {
                    sig++;
                    agreeSig += same ? 1 : 0;
                }
                for (double r : s.responses()) {
                    single++;
                    agreeSingle += DirectionStats.sameSign(g, r) ? 1 : 0;
                }
            }
            out.add(new Agreement(p.label(), agree, stats.size(), agreeSig, sig, correlation(x, y, false),
                    correlation(x, y, true), agreeSingle, single));
        }
        return out;
    }

    private static double correlation(double[] x, double[] y, boolean spearman) {
        if (x.length < 3 || Arrays.stream(x).distinct().count() < 2 || Arrays.stream(y).distinct().count() < 2) {
            return Double.NaN;
        }
        return spearman ? new SpearmansCorrelation().correlation(x, y) : new PearsonsCorrelation().correlation(x, y);
    }

    /** How often one seed's response has the sign of the mean of the other seeds: {agree, rows}. */
    public int[] selfAgreement(double epsilon) {
        int agree = 0;
        int n = 0;
        for (DirectionStats s : stats(epsilon)) {
            if (s.n() < 2) {
                continue;
            }
            for (int i = 0; i < s.n(); i++) {
                n++;
                agree += DirectionStats.sameSign(s.responses()[i], s.meanWithout(i)) ? 1 : 0;
            }
        }
        return new int[] {agree, n};
    }

    double medianSignalToNoise(double epsilon) {
        double[] z = stats(epsilon).stream().filter(s -> s.n() >= 2 && s.se() > 0).mapToDouble(s -> Math.abs(s.mean()) / s.se()).toArray();
        return z.length == 0 ? Double.NaN : new Median().evaluate(z);
    }

    void write(Path dir) throws IOException {
        AtomicFiles.writeString(dir.resolve("predictions.csv"), predictionsCsv());
        AtomicFiles.writeString(dir.resolve("response.md"), markdown());
        ResponsePlot.write(dir, plan, stats(primaryEpsilon()));
    }

    String predictionsCsv() {
        StringBuilder sb = new StringBuilder("strategy,direction,hypergradient,millis,gradientEvaluations,lossEvaluations,"
                + "gradientEquivalents,hvpsI,hvpsII,residualI,residualII,validationLoss\n");
        for (int i = 0; i < plan.predictions().size(); i++) {
            Prediction p = plan.predictions().get(i);
            String dir = plan.directions().stream().filter(d -> d.kind().equals("hypergradient") && d.note().contains(p.label()))
                    .map(Direction::id).findFirst().orElse("");
            sb.append(String.format(Locale.ROOT, "\"%s\",%s,%s,%.1f,%d,%d,%.2f,%d,%d,%.4g,%.4g,%.10g%n", p.label().replace("\"", "\"\""),
                    dir, Direction.format(p.hypergradient()), p.millis(), p.gradientEvaluations(), p.lossEvaluations(),
                    p.gradientEquivalents(), p.hvpsI(), p.hvpsII(), p.residualI(), p.residualII(), p.validationLoss()));
        }
        return sb.toString();
    }

    private static String pct(int a, int n) {
        return n == 0 ? "–" : String.format(Locale.ROOT, "%d/%d (%.0f%%)", a, n, 100.0 * a / n);
    }

    private static String num(double x) {
        return Double.isNaN(x) ? "–" : String.format(Locale.ROOT, "%.3f", x);
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        double e = primaryEpsilon();
        md.append("# Response test: ").append(settings.config().name).append("\n\n");
        md.append("Does a hypergradient at S0 predict how the whole-split validation loss after ").append(settings.horizon())
                .append(" more outer steps (levels I and II, lambda held fixed) changes when lambda moves along a unit direction d? ")
                .append("Response = (L(lambda0 + e d) - L(lambda0 - e d)) / 2e, both sides on the same batches and noise; ")
                .append("prediction = <h, d>. Sign agreement counts a zero as disagreement.\n\n");
        md.append(String.format(Locale.ROOT, "## Agreement (epsilon %s, %d directions, %d batch seeds)%n%n", e, plan.directions().size(), seeds.size()));
        md.append("| strategy | sign agreement, all directions | sign agreement, |mean| > 2 SE | single-seed sign agreement | Pearson | Spearman "
                + "| cost (gradient-equivalents) | ms | HVPs I / II | rel. residual I / II |\n|---|---|---|---|---|---|---|---|---|---|\n");
        List<Agreement> agreements = agreements();
        for (int i = 0; i < agreements.size(); i++) {
            Agreement a = agreements.get(i);
            Prediction p = plan.predictions().get(i);
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %.1f | %.0f | %d / %d | %.3g / %.3g |%n", a.strategy(),
                    pct(a.agree(), a.directions()), pct(a.agreeSignificant(), a.significant()), pct(a.agreeSingleSeed(), a.singleSeedRows()),
                    num(a.pearson()), num(a.spearman()), p.gradientEquivalents(), p.millis(), p.hvpsI(), p.hvpsII(), p.residualI(), p.residualII()));
        }
        md.append("\nCost: a gradient evaluation counts 1 (the whole-split validation gradient included, the same for every strategy), ")
                .append("a loss evaluation (forward pass only) 1/3. Single-seed agreement compares <h, d> with each seed's own response, ")
                .append("comparable with the self-agreement ceiling below.\n\n");
        int[] self = selfAgreement(e);
        md.append("## Noise floor of the response\n\n");
        md.append(String.format(Locale.ROOT, "- median |mean| / SE over directions: %s%n", num(medianSignalToNoise(e))));
        md.append(String.format(Locale.ROOT, "- directions with |mean| > 2 SE: %d of %d%n",
                stats(e).stream().filter(DirectionStats::significant).count(), stats(e).size()));
        md.append(String.format(Locale.ROOT, "- self-agreement ceiling (sign of one seed's response = sign of the mean of the other seeds): %s. "
                + "A predictor's single-seed agreement can hardly beat this.%n%n", pct(self[0], self[1])));
        md.append(directionTable(e));
        md.append(linearity());
        md.append(setup());
        return md.toString();
    }

    private String directionTable(double e) {
        StringBuilder md = new StringBuilder("## Directions\n\n| direction | kind | from | d | mean response | SD over seeds | SE |");
        for (int i = 0; i < plan.predictions().size(); i++) {
            md.append(" <h").append(i + 1).append(", d> |");
        }
        md.append("\n|---|---|---|---|---|---|---|").append("---|".repeat(plan.predictions().size())).append('\n');
        for (DirectionStats s : stats(e)) {
            Direction d = s.direction();
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %.4g | %.3g | %.3g |", d.id(), d.kind(), d.note(),
                    Direction.format(d.d()).replace(";", " "), s.mean(), s.sd(), s.se()));
            for (Prediction p : plan.predictions()) {
                md.append(String.format(Locale.ROOT, " %.4g |", Direction.dot(p.hypergradient(), d.d())));
            }
            md.append('\n');
        }
        md.append("\nh").append("i is strategy i: ");
        for (int i = 0; i < plan.predictions().size(); i++) {
            md.append(i == 0 ? "" : ", ").append("h").append(i + 1).append(" = ").append(plan.predictions().get(i).label());
        }
        md.append(".\n\n");
        return md.toString();
    }

    private String linearity() {
        if (settings.epsilons().size() < 2) {
            return "";
        }
        StringBuilder md = new StringBuilder("## Linearity: mean responses at each epsilon against the primary one\n\n"
                + "| epsilon | directions | Pearson with primary | median ratio to primary | same sign |\n|---|---|---|---|---|\n");
        List<DirectionStats> primary = stats(primaryEpsilon());
        for (double e2 : settings.epsilons().subList(1, settings.epsilons().size())) {
            List<double[]> pairs = new ArrayList<>();
            for (DirectionStats s : stats(e2)) {
                primary.stream().filter(p -> p.direction().id().equals(s.direction().id())).findFirst()
                        .ifPresent(p -> pairs.add(new double[] {p.mean(), s.mean()}));
            }
            double[] x = pairs.stream().mapToDouble(p -> p[0]).toArray();
            double[] y = pairs.stream().mapToDouble(p -> p[1]).toArray();
            double[] ratio = pairs.stream().filter(p -> p[0] != 0).mapToDouble(p -> p[1] / p[0]).toArray();
            int same = (int) pairs.stream().filter(p -> DirectionStats.sameSign(p[0], p[1])).count();
            md.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %s |%n", e2, pairs.size(), num(correlation(x, y, false)),
                    ratio.length == 0 ? "–" : num(new Median().evaluate(ratio)), pct(same, pairs.size())));
        }
        return md.append('\n').toString();
    }

    private String setup() {
        StringBuilder md = new StringBuilder("## Setup\n\n");
        var c = settings.config();
        double stepSeconds = rows.stream().mapToDouble(ResponseRow::seconds).sum() / Math.max(1, rows.size()) / (2.0 * settings.horizon());
        md.append(String.format(Locale.ROOT, "- config: %s (task %s, mode %s, %s, seed %d), weight map %s%n", c.name, c.task.displayName(),
                c.mode, c.dataType, c.seed, c.weightMap));
        md.append("- start S0: ").append(settings.checkpoint() == null ? settings.warmupSteps() + " warm-up outer steps as configured"
                : "checkpoint " + settings.checkpoint()).append(", step ").append(plan.step()).append('\n');
        md.append(String.format(Locale.ROOT, "- horizon S = %d outer steps, epsilon %s (lambda units; the first is primary), batch seeds %s%n",
                settings.horizon(), settings.epsilons(), seeds));
        md.append(String.format(Locale.ROOT, "- K = %d objectives %s; lambda0 %s; w(lambda0) %s; validation loss at S0 %.10g%n",
                plan.dimension(), plan.objectives(), Arrays.toString(plan.lambda0()), Arrays.toString(plan.weights0()), plan.validationLoss0()));
        md.append("- directions: ").append(plan.directions().size()).append(plan.shiftInvariant()
                ? "; the weight map is shift-invariant (w(lambda + c 1) = w(lambda)), so random directions are projected onto the "
                + "sum-zero subspace; coordinate directions are not (effective length sqrt(1 - 1/K))\n"
                : "; the weight map is not shift-invariant: random directions are raw Gaussian\n");
        md.append(String.format(Locale.ROOT, "- rows: %d; %.3f s per continuation outer step (mean)%n", rows.size(), stepSeconds));
        md.append("- strategies as given: ").append(settings.strategyTexts()).append('\n');
        md.append("- data checksums: ").append(plan.dataChecksums()).append('\n');
        Map<String, Object> env = Provenance.environment();
        md.append("- versions: ").append(env).append("\n\n");
        md.append("<details><summary>effective config</summary>\n\n```json\n").append(c.toJson()).append("\n```\n</details>\n");
        return md.toString();
    }
}
