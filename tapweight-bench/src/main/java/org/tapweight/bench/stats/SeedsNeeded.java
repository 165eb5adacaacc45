package org.tapweight.bench.stats;

import java.util.OptionalInt;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * How many paired seeds a two-sided paired t-test needs to detect a true mean difference {@code delta}
 * when the per-seed differences have standard deviation {@code sd}. Power is approximated the usual way,
 * by shifting the central t (the noncentral t is not in Commons Math): the smallest n >= 2 with
 * {@code n >= ((t_{1-alpha/2, n-1} + t_{power, n-1}) * sd / delta)^2}. The search starts at the normal
 * approximation {@code ((z_{1-alpha/2} + z_{power}) * sd / delta)^2}, which is a lower bound since the t
 * quantiles exceed the normal ones. For alpha 0.05 and power 0.8 this gives 34 seeds at delta = sd / 2
 * and 10 at delta = sd, as exact noncentral-t tables (G*Power) do.
 */
public final class SeedsNeeded {

    public static final double ALPHA = 0.05;
    public static final double POWER = 0.8;

    private SeedsNeeded() {
    }

    /** Seeds for alpha 0.05 (two-sided) and power 0.8; empty when sd or delta is not a positive finite number. */
    public static OptionalInt seeds(double sd, double delta) {
        return seeds(sd, delta, ALPHA, POWER);
    }

    public static OptionalInt seeds(double sd, double delta, double alpha, double power) {
        if (!(sd >= 0) || !(delta > 0) || Double.isInfinite(sd) || Double.isInfinite(delta)) {
            return OptionalInt.empty();
        }
        double ratio = sd / delta;
        NormalDistribution z = new NormalDistribution();
        double normal = Math.pow((z.inverseCumulativeProbability(1 - alpha / 2) + z.inverseCumulativeProbability(power)) * ratio, 2);
        if (normal > Integer.MAX_VALUE / 2.0) {
            return OptionalInt.empty();
        }
        for (int n = Math.max(2, (int) Math.ceil(normal)); ; n++) {
            TDistribution t = new TDistribution(n - 1);
            double needed = Math.pow((t.inverseCumulativeProbability(1 - alpha / 2) + t.inverseCumulativeProbability(power)) * ratio, 2);
            if (n >= needed) {
                return OptionalInt.of(n);
            }
        }
    }
}
