package org.tapweight.core.balance;

import org.tapweight.api.balance.LossBalancer;
import org.tapweight.core.weights.SoftmaxWeightMap;

/** What the shipped balancers share: the state is a vector whose softmax is the weights, uniform at 0. */
abstract class SimplexBalancer implements LossBalancer {

    private static final SoftmaxWeightMap SOFTMAX = new SoftmaxWeightMap();

    @Override
    public final double[] initialState(int objectives) {
        return new double[objectives];
    }

    @Override
    public final double[] weights(double[] state) {
        return softmax(state);
    }

    static double[] softmax(double[] state) {
        return SOFTMAX.weights(state);
    }

    /** The gradient with respect to the state of a loss whose gradient with respect to the weights is {@code g}. */
    static double[] pullBack(double[] state, double[] g) {
        return SOFTMAX.vectorJacobianProduct(state, g);
    }
}
