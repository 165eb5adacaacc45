package org.tapweight.bench.stats;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Holm-Bonferroni adjusted p-values for a family of tests (Holm 1979): with the m p-values sorted
 * ascending, the i-th smallest (i from 1) becomes {@code max over j <= i of min(1, (m - j + 1) p_(j))}
 * (step-down, so the adjusted values keep the raw values' order). Rejecting where the adjusted value is
 * below alpha controls the family-wise error rate at alpha. NaN entries are not in the family and stay NaN.
 */
public final class Holm {

    private Holm() {
    }

    /** The adjusted p-values, in the order of {@code p}. */
    public static double[] adjust(double[] p) {
        double[] adjusted = new double[p.length];
        Arrays.fill(adjusted, Double.NaN);
        Integer[] order = IntStream.range(0, p.length).filter(i -> !Double.isNaN(p[i])).boxed()
                .sorted(Comparator.comparingDouble(i -> p[i])).toArray(Integer[]::new);
        int m = order.length;
        double runningMax = 0;
        for (int rank = 0; rank < m; rank++) {
            double step = Math.min(1, (m - rank) * p[order[rank]]);
            runningMax = Math.max(runningMax, step);
            adjusted[order[rank]] = runningMax;
        }
        return adjusted;
    }
}
