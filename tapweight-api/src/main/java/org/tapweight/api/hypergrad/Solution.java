package org.tapweight.api.hypergrad;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An approximate solution of {@code H x = v} and what it cost.
 *
 * @param x                 the approximation of {@code H^-1 v}
 * @param hvpCount          Hessian-vector products spent
 * @param iterations        iterations performed (0 for closed-form strategies)
 * @param relativeResidual  {@code ||v - H x|| / ||v||} where the strategy knows it, else NaN
 */
public record Solution(INDArray x, int hvpCount, int iterations, double relativeResidual) {
}
