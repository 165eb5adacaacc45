package org.tapweight.core.balance;

import org.tapweight.core.weights.SoftmaxWeightMap;

/** The parametrisation the shipped balancers share: weights {@code softmax(state)}, uniform at 0. */
final class SimplexState {

    private static final SoftmaxWeightMap SOFTMAX = new SoftmaxWeightMap();

    private SimplexState() {
    }

    static double[] weights(double[] state) {
        return SOFTMAX.weights(state);
    }

    /** The gradient with respect to the state of a loss whose gradient with respect to the weights is {@code g}. */
    static double[] pullBack(double[] state, double[] g) {
        return SOFTMAX.vectorJacobianProduct(state, g);
    }
}
