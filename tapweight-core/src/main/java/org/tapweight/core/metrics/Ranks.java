package org.tapweight.core.metrics;

import java.util.Arrays;

/** Average (fractional) ranks, the tie rule of Mann-Whitney U and of Spearman's rho. */
final class Ranks {

    private Ranks() {
    }

    /**
     * The 1-based ranks of {@code x} in ascending order, tied values sharing the mean of the
     * ranks they occupy: {@code {10, 20, 20, 30}} gives {@code {1, 2.5, 2.5, 4}}. Values are tied
     * when {@code ==} holds, so {@code -0.0} ties with {@code 0.0}. {@code x} must hold no NaN.
     * Each rank is a multiple of 1/2, so rank sums are exact in double for any realistic length.
     */
    static double[] average(double[] x) {
        int n = x.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        // Double.compare puts -0.0 just before 0.0, so equal values stay contiguous.
        Arrays.sort(order, (a, b) -> Double.compare(x[a], x[b]));
        double[] ranks = new double[n];
        int i = 0;
        while (i < n) {
            int j = i + 1;
            while (j < n && x[order[j]] == x[order[i]]) {
                j++;
            }
            // positions i..j-1 (0-based) hold ranks i+1..j; their mean is (i + 1 + j) / 2
            double rank = (i + 1 + j) / 2.0;
            for (int k = i; k < j; k++) {
                ranks[order[k]] = rank;
            }
            i = j;
        }
        return ranks;
    }
}
