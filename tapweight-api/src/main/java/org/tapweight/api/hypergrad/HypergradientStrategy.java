package org.tapweight.api.hypergrad;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Approximates an inverse-Hessian-vector product {@code H^-1 v}, the building block of the
 * implicit hypergradient. One instance serves one level of one run and may be called many times.
 */
public interface HypergradientStrategy {

    /**
     * Approximates {@code H^-1 v}.
     *
     * @param hessian   the Hessian of the level's loss at the current parameters
     * @param v         the right-hand side (not modified)
     * @param warmStart a previous solution to start from, or {@code null}; strategies for which
     *                  {@link #supportsWarmStart()} is false ignore it
     * @param context   facts about the level's optimiser (used by {@code unrolled})
     */
    Solution solve(HessianVectorProduct hessian, INDArray v, INDArray warmStart, SolveContext context);

    /**
     * Checks, before a run starts, that this strategy can work with a level whose optimiser gives
     * {@code context}; throws a {@link org.tapweight.api.plugin.ConfigurationException} saying what to
     * set otherwise.
     */
    default void checkUsableWith(SolveContext context) {
    }

    /** Whether {@link #solve} uses a warm start (iterative solvers do). */
    default boolean supportsWarmStart() {
        return false;
    }
}
