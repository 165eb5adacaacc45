package org.tapweight.bench.response;

/**
 * A unit direction in lambda space. {@code id} is short and comma-free (it keys rows of
 * responses.csv): {@code h1} (hypergradient of strategy 1), {@code e-side-0} (coordinate),
 * {@code r3} (random); {@code kind} is hypergradient, coordinate or random; {@code note} says where
 * it came from (the strategy, or several when their hypergradients coincide).
 */
record Direction(String id, String kind, String note, double[] d) {

    static double[] unit(double[] v) {
        double n = Math.sqrt(dot(v, v));
        if (!(n > 0) || !Double.isFinite(n)) {
            return null;
        }
        double[] u = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            u[i] = v[i] / n;
        }
        return u;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    static String format(double[] v) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < v.length; i++) {
            sb.append(i == 0 ? "" : ";").append(String.format(java.util.Locale.ROOT, "%.6g", v[i]));
        }
        return sb.toString();
    }
}
