package org.tapweight.core.metrics;

/**
 * Metrics of real-valued predictions and correlations. All inputs must be non-null, non-empty,
 * of equal length and finite (no NaN, no infinity); otherwise an IllegalArgumentException says
 * which argument and index.
 */
public final class RegressionMetrics {

    private RegressionMetrics() {
    }

    /** Root mean squared error sqrt(mean((predicted - actual)^2)). */
    public static double rmse(double[] predicted, double[] actual) {
        check(predicted, actual);
        double sum = 0;
        for (int i = 0; i < predicted.length; i++) {
            double e = predicted[i] - actual[i];
            sum += e * e;
        }
        return Math.sqrt(sum / predicted.length);
    }

    /** Mean absolute error mean(|predicted - actual|). */
    public static double mae(double[] predicted, double[] actual) {
        check(predicted, actual);
        double sum = 0;
        for (int i = 0; i < predicted.length; i++) {
            sum += Math.abs(predicted[i] - actual[i]);
        }
        return sum / predicted.length;
    }

    /**
     * Pearson's correlation coefficient of {@code x} and {@code y}, in [-1, 1]; symmetric in its
     * arguments. NaN when either input has zero variance (all its values equal, which includes a
     * single sample); constancy is tested on the values themselves, so rounding in the mean cannot
     * turn a constant input into a spurious correlation.
     */
    public static double pearson(double[] x, double[] y) {
        Checks.pair("x", x, "y", y);
        Checks.finite("x", x);
        Checks.finite("y", y);
        return correlation(x, y);
    }

    /**
     * Spearman's rank correlation: the Pearson correlation of the average ranks of {@code x} and of
     * {@code y} (tied values share the mean of their ranks), as scipy's {@code spearmanr}. With ties
     * this differs from the textbook {@code 1 - 6 sum d^2 / (n (n^2 - 1))}, which holds only without
     * ties. NaN when either input is constant.
     */
    public static double spearman(double[] x, double[] y) {
        Checks.pair("x", x, "y", y);
        Checks.finite("x", x);
        Checks.finite("y", y);
        return correlation(Ranks.average(x), Ranks.average(y));
    }

    private static void check(double[] predicted, double[] actual) {
        Checks.pair("predicted", predicted, "actual", actual);
        Checks.finite("predicted", predicted);
        Checks.finite("actual", actual);
    }

    /** Pearson on validated input. */
    private static double correlation(double[] x, double[] y) {
        if (constant(x) || constant(y)) {
            return Double.NaN;
        }
        double[] dx = scaledDeviations(x);
        double[] dy = scaledDeviations(y);
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < dx.length; i++) {
            sxy += dx[i] * dy[i];
            sxx += dx[i] * dx[i];
            syy += dy[i] * dy[i];
        }
        double r = sxy / (Math.sqrt(sxx) * Math.sqrt(syy));
        return Math.max(-1.0, Math.min(1.0, r));
    }

    /**
     * Deviations from the mean divided by their largest magnitude; correlation is scale-invariant,
     * and the scaling keeps the sums of squares away from underflow and overflow.
     */
    private static double[] scaledDeviations(double[] v) {
        double sum = 0;
        for (double a : v) {
            sum += a;
        }
        double mean = sum / v.length;
        double[] d = new double[v.length];
        double max = 0;
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i] - mean;
            max = Math.max(max, Math.abs(d[i]));
        }
        for (int i = 0; i < v.length; i++) {
            d[i] /= max;
        }
        return d;
    }

    private static boolean constant(double[] v) {
        for (int i = 1; i < v.length; i++) {
            if (v[i] != v[0]) {
                return false;
            }
        }
        return true;
    }
}
