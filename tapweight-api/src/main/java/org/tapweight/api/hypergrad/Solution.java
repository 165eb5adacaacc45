package org.tapweight.api.hypergrad;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An approximate solution of {@code (H + damping I) x = v} and what it cost.
 *
 * <p>A damped solve reports two residuals: the one of the system it solved, and the one of the
 * system the hypergradient needs ({@code H x = v}). Only the second says how close {@code x} is to
 * {@code H^-1 v}; a damped solver can drive the first to 1e-3 while the second stays near 1.
 *
 * @param x                 the approximation of {@code H^-1 v}
 * @param hvpCount          Hessian-vector products spent
 * @param iterations        iterations performed (0 for closed-form strategies)
 * @param relativeResidual  {@code ||v - (H + damping I) x|| / ||v||} where the strategy knows it, else NaN
 * @param undampedResidual  {@code ||v - H x|| / ||v||} where the strategy knows it, else NaN; equals
 *                          {@code relativeResidual} when {@code damping} is 0
 * @param damping           the Tikhonov damping of the system actually solved (0 for none)
 */
public record Solution(INDArray x, int hvpCount, int iterations, double relativeResidual, double undampedResidual,
                       double damping) {

    /** An undamped solve: both residuals are the same. */
    public Solution(INDArray x, int hvpCount, int iterations, double relativeResidual) {
        this(x, hvpCount, iterations, relativeResidual, relativeResidual, 0.0);
    }
}
