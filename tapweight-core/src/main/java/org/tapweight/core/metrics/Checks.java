package org.tapweight.core.metrics;

/** Input validation shared by the metric classes; every failure is an IllegalArgumentException. */
final class Checks {

    private Checks() {
    }

    /** Both arrays non-null, of equal length and not empty. */
    static void pair(String nameA, double[] a, String nameB, double[] b) {
        notNull(nameA, a);
        notNull(nameB, b);
        if (a.length != b.length) {
            throw new IllegalArgumentException(
                    nameA + " has length " + a.length + " but " + nameB + " has length " + b.length);
        }
        if (a.length == 0) {
            throw new IllegalArgumentException(nameA + " and " + nameB + " are empty; a metric needs at least one sample");
        }
    }

    static void notNull(String name, Object a) {
        if (a == null) {
            throw new IllegalArgumentException(name + " is null");
        }
    }

    /** Every value exactly 0 or 1. */
    static void binary(String what, double[] v) {
        for (int i = 0; i < v.length; i++) {
            if (v[i] != 0.0 && v[i] != 1.0) {
                throw new IllegalArgumentException(
                        what + " at index " + i + " is " + v[i] + "; binary " + what + "s must be 0 or 1");
            }
        }
    }

    /** No NaN (infinities allowed). */
    static void notNaN(String what, double[] v) {
        for (int i = 0; i < v.length; i++) {
            if (Double.isNaN(v[i])) {
                throw new IllegalArgumentException(what + " at index " + i + " is NaN");
            }
        }
    }

    /** No NaN and no infinity. */
    static void finite(String what, double[] v) {
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                throw new IllegalArgumentException(what + " at index " + i + " is " + v[i] + "; values must be finite");
            }
        }
    }
}
