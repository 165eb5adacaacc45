package org.tapweight.nn;

/**
 * Mean and standard deviation of a column for standardising targets, ignoring NaN (missing)
 * entries. A column with no values has mean 0; one without spread has SD 1, so standardising it
 * only centres it.
 */
public record Standardisation(double mean, double sd) {

    public static Standardisation of(double[] column) {
        double s = 0;
        double s2 = 0;
        int n = 0;
        for (double v : column) {
            if (!Double.isNaN(v)) {
                s += v;
                s2 += v * v;
                n++;
            }
        }
        double mean = n == 0 ? 0 : s / n;
        double var = n == 0 ? 1 : s2 / n - mean * mean;
        return new Standardisation(mean, var > 1e-12 ? Math.sqrt(var) : 1.0);
    }

    public double apply(double v) {
        return (v - mean) / sd;
    }
}
