package org.tapweight.core.weights;

import java.util.List;
import org.tapweight.api.plugin.SettingSpec;
import org.tapweight.api.plugin.Settings;
import org.tapweight.api.weights.WeightMap;
import org.tapweight.api.weights.WeightMapProvider;

/**
 * {@code w_k = softplus(lambda_k) = log(1 + e^lambda_k)}: independent positive weights, starting
 * at {@code initialWeight} each.
 */
public final class SoftplusWeightMap implements WeightMap {

    private final double initialWeight;

    public SoftplusWeightMap(double initialWeight) {
        this.initialWeight = initialWeight;
    }

    @Override
    public double[] weights(double[] lambda) {
        double[] w = new double[lambda.length];
        for (int i = 0; i < w.length; i++) {
            double l = lambda[i];
            w[i] = l > 30 ? l : Math.log1p(Math.exp(l));
        }
        return w;
    }

    /** The Jacobian is {@code diag(sigmoid(lambda))}. */
    @Override
    public double[] vectorJacobianProduct(double[] lambda, double[] g) {
        double[] out = new double[lambda.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = g[i] / (1.0 + Math.exp(-lambda[i]));
        }
        return out;
    }

    @Override
    public double[] initialLambda(int objectives) {
        double l = Math.log(Math.expm1(initialWeight)); // inverse softplus
        double[] lambda = new double[objectives];
        java.util.Arrays.fill(lambda, l);
        return lambda;
    }

    /** Service provider for id {@code softplus}. */
    public static final class Provider implements WeightMapProvider {
        @Override
        public String id() {
            return "softplus";
        }

        @Override
        public String description() {
            return "w_k = softplus(lambda_k): independent positive weights";
        }

        @Override
        public List<SettingSpec> settings() {
            return List.of(SettingSpec.ofDouble("initialWeight", 1.0, "the weight every objective starts with"));
        }

        @Override
        public WeightMap create(Settings settings) {
            return new SoftplusWeightMap(settings.requireNonNegative("initialWeight", false));
        }
    }
}
