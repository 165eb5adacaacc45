package org.tapweight.api.balance;

/**
 * A weighting rule driven by level I's own signals (the objectives' losses, and optionally the
 * gradients of each objective and of the task with respect to the shared encoder) instead of a
 * hypergradient: uncertainty weighting, GradNorm, gradient similarity. It is what a practitioner
 * would try instead of TapWeight, so it runs in the same engine (mode {@code BALANCED}), at the same
 * update interval ({@code levelIII.interval}) and with the same level-III optimiser: every update the
 * engine steps the balancer's state along {@link #gradient}.
 *
 * <p>A balancer owns the parametrisation of its weights (its state), as a weight map does for
 * TapWeight's lambda. Its weights must be finite, non-negative and sum to 1, like every other
 * method's, so that all methods train level I at one loss scale.
 */
public interface LossBalancer {

    /** Whether {@link BalancerSignals#gram()} must be filled (costs one gradient per objective and one for the task). */
    boolean needsGradients();

    /** The state the run starts from, for {@code objectives} objectives; its weights should be uniform. */
    double[] initialState(int objectives);

    /** The objective weights for {@code state}: finite, >= 0, summing to 1. */
    double[] weights(double[] state);

    /**
     * The gradient of the balancer's own loss with respect to its state, at {@code state}, given
     * what level I measured (the engine's level-III optimiser takes the step).
     */
    double[] gradient(double[] state, BalancerSignals signals);
}
