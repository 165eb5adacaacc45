package org.tapweight.api.hypergrad;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The linear operator {@code v -> H v} for the Hessian H of one level's loss at a fixed point.
 * Implementations may use central finite differences of gradients or an exact product that a
 * model provides; strategies see only this interface.
 */
public interface HessianVectorProduct {

    /** The number of parameters, i.e. the length of v. */
    int dimension();

    /**
     * Writes {@code H v} into {@code out}. {@code v} is a vector of length {@link #dimension()} and is
     * not modified; {@code out} must not alias {@code v}.
     */
    void apply(INDArray v, INDArray out);

    /** Gradient evaluations spent per {@link #apply} (2 for a central difference, 0 for an exact product). */
    default int gradientsPerProduct() {
        return 0;
    }
}
