package org.tapweight.core.weights;

import org.tapweight.api.plugin.Settings;
import org.tapweight.api.weights.WeightMap;
import org.tapweight.api.weights.WeightMapProvider;

/** {@code w = softmax(lambda)}: weights on the simplex, uniform at {@code lambda = 0}. */
public final class SoftmaxWeightMap implements WeightMap {

    @Override
    public double[] weights(double[] lambda) {
        double max = Double.NEGATIVE_INFINITY;
        for (double l : lambda) {
            max = Math.max(max, l);
        }
        double[] w = new double[lambda.length];
        double sum = 0;
        for (int i = 0; i < w.length; i++) {
            w[i] = Math.exp(lambda[i] - max);
            sum += w[i];
        }
        for (int i = 0; i < w.length; i++) {
            w[i] /= sum;
        }
        return w;
    }

    /** {@code (diag(w) - w w^T) g = w * (g - <w, g>)}. */
    @Override
    public double[] vectorJacobianProduct(double[] lambda, double[] g) {
        double[] w = weights(lambda);
        double wg = 0;
        for (int i = 0; i < w.length; i++) {
            wg += w[i] * g[i];
        }
        double[] out = new double[w.length];
        for (int i = 0; i < w.length; i++) {
            out[i] = w[i] * (g[i] - wg);
        }
        return out;
    }

    @Override
    public double[] initialLambda(int objectives) {
        return new double[objectives];
    }

    /** Service provider for id {@code softmax}. */
    public static final class Provider implements WeightMapProvider {
        @Override
        public String id() {
            return "softmax";
        }

        @Override
        public String description() {
            return "w = softmax(lambda): weights sum to 1, start uniform (default)";
        }

        @Override
        public WeightMap create(Settings settings) {
            return new SoftmaxWeightMap();
        }
    }
}
