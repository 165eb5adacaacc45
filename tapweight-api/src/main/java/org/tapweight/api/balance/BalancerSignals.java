package org.tapweight.api.balance;

/**
 * What level I measured for one balancer update.
 *
 * @param step          the outer step (0-based) at which the update happens
 * @param losses        each objective's loss on the step's level-I batch (unweighted)
 * @param initialLosses each objective's loss on the run's first level-I batch (for rules that
 *                      measure training progress as {@code L_k(t) / L_k(0)}, such as GradNorm)
 * @param gram          where {@link LossBalancer#needsGradients()}: the Gram matrix of the
 *                      gradients with respect to the shared encoder, {@code gram[i][j] = <g_i, g_j>},
 *                      where {@code g_0 .. g_{K-1}} are the objectives' (unweighted) gradients on the
 *                      step's level-I batch and {@code g_K} is the task loss's gradient on the step's
 *                      level-II batch, taken at level I's encoder with level II's task head;
 *                      otherwise null
 */
public record BalancerSignals(int step, double[] losses, double[] initialLosses, double[][] gram) {

    public int objectives() {
        return losses.length;
    }

    /** {@code ||g_i||} (index {@code objectives()} is the task). */
    public double gradientNorm(int i) {
        return Math.sqrt(Math.max(0, gram[i][i]));
    }

    /** {@code cos(g_i, g_j)}, 0 where either gradient is zero. */
    public double cosine(int i, int j) {
        double d = gradientNorm(i) * gradientNorm(j);
        return d == 0 ? 0 : gram[i][j] / d;
    }
}
