package org.tapweight.bench.stats;

import java.util.List;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * The paired t-test on a list of per-seed differences: mean, sample SD, the 95% t-interval of the mean
 * and the two-sided p-value of "mean difference = 0" ({@code n - 1} degrees of freedom). With fewer than
 * two differences the SD, interval, t and p are NaN.
 */
public record PairedTest(int n, double mean, double sd, double lower, double upper, double t, double p) {

    public static PairedTest of(List<Double> differences) {
        int n = differences.size();
        double mean = differences.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        if (n < 2) {
            return new PairedTest(n, mean, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double ss = differences.stream().mapToDouble(d -> (d - mean) * (d - mean)).sum();
        double sd = Math.sqrt(ss / (n - 1));
        double se = sd / Math.sqrt(n);
        TDistribution dist = new TDistribution(n - 1);
        double half = dist.inverseCumulativeProbability(0.975) * se;
        double t;
        double p;
        if (se == 0) {
            // Every difference equal: no spread to test against; p is 0 unless they are all 0.
            t = mean == 0 ? 0 : Math.copySign(Double.POSITIVE_INFINITY, mean);
            p = mean == 0 ? 1 : 0;
        } else {
            t = mean / se;
            p = Math.min(1, 2 * dist.cumulativeProbability(-Math.abs(t)));
        }
        return new PairedTest(n, mean, sd, mean - half, mean + half, t, p);
    }
}
