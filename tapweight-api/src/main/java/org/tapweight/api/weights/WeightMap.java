package org.tapweight.api.weights;

/**
 * Maps the free level-III parameters {@code lambda} to objective weights {@code w(lambda)}.
 */
public interface WeightMap {

    /** The weights for {@code lambda}; one per objective. */
    double[] weights(double[] lambda);

    /** {@code J_w(lambda)^T g}, the vector-Jacobian product used by the level-III chain rule. */
    double[] vectorJacobianProduct(double[] lambda, double[] g);

    /** The {@code lambda} that gives the starting weights (uniform, for the maps shipped here). */
    double[] initialLambda(int objectives);
}
