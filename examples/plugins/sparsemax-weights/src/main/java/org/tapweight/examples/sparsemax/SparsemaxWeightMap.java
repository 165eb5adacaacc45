package org.tapweight.examples.sparsemax;

import java.util.Arrays;
import java.util.List;
import org.tapweight.api.plugin.SettingSpec;
import org.tapweight.api.plugin.Settings;
import org.tapweight.api.weights.WeightMap;
import org.tapweight.api.weights.WeightMapProvider;

/**
 * {@code w = sparsemax(lambda)} (Martins and Astudillo 2016), the Euclidean projection of lambda onto
 * the simplex, as a third-party weight map: weights sum to 1 like softmax's, but an objective can get
 * weight exactly 0 (softmax only approaches it), so a harmful objective can be switched off. With
 * S the support ({@code w_k > 0}) the Jacobian is {@code diag(s) - s s^T / |S|}, s the indicator of
 * S; it is symmetric, so {@code J^T g = s * (g - mean of g over S)}. Uniform at lambda = 0.
 */
public final class SparsemaxWeightMap implements WeightMap {

    @Override
    public double[] weights(double[] lambda) {
        double tau = threshold(lambda);
        double[] w = new double[lambda.length];
        for (int k = 0; k < w.length; k++) {
            w[k] = Math.max(0, lambda[k] - tau);
        }
        return w;
    }

    /** tau with {@code sum_k max(0, lambda_k - tau) = 1}: sort descending, find the largest support that fits. */
    private static double threshold(double[] lambda) {
        double[] z = lambda.clone();
        Arrays.sort(z);
        double cumulative = 0;
        double tau = 0;
        for (int i = z.length - 1, size = 1; i >= 0; i--, size++) {
            cumulative += z[i];
            double candidate = (cumulative - 1) / size;
            if (z[i] > candidate) {
                tau = candidate;
            }
        }
        return tau;
    }

    @Override
    public double[] vectorJacobianProduct(double[] lambda, double[] g) {
        double[] w = weights(lambda);
        double sum = 0;
        int support = 0;
        for (int k = 0; k < w.length; k++) {
            if (w[k] > 0) {
                sum += g[k];
                support++;
            }
        }
        double mean = sum / support;
        double[] out = new double[w.length];
        for (int k = 0; k < w.length; k++) {
            out[k] = w[k] > 0 ? g[k] - mean : 0;
        }
        return out;
    }

    @Override
    public double[] initialLambda(int objectives) {
        return new double[objectives];
    }

    /** Service provider for id {@code sparsemax}. */
    public static final class Provider implements WeightMapProvider {
        @Override
        public String id() {
            return "sparsemax";
        }

        @Override
        public String description() {
            return "w = sparsemax(lambda): weights sum to 1 and can be exactly 0 (example plug-in)";
        }

        @Override
        public List<SettingSpec> settings() {
            return List.of();
        }

        @Override
        public WeightMap create(Settings settings) {
            return new SparsemaxWeightMap();
        }
    }
}
