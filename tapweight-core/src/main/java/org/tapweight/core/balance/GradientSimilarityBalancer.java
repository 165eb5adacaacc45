package org.tapweight.core.balance;

import java.util.List;
import org.tapweight.api.balance.BalancerSignals;
import org.tapweight.api.balance.LossBalancer;
import org.tapweight.api.balance.LossBalancerProvider;
import org.tapweight.api.plugin.SettingSpec;
import org.tapweight.api.plugin.Settings;

/**
 * Gradient-similarity weighting (Du et al. 2018, "Adapting auxiliary losses using gradient
 * similarity"): an auxiliary objective counts in proportion to how well its gradient on the shared
 * encoder agrees with the task's, {@code c_k = max(0, cos(g_k, g_task))}. Here all level-I losses are
 * auxiliary, so the weights move towards the normalised agreements {@code t = c / sum(c)} through the
 * level-III optimiser: the state is the log-weights ({@code w = softmax(state)}) and the gradient is
 * that of the cross-entropy {@code -sum_k t_k log w_k}, i.e. {@code w - t}. When no objective agrees
 * with the task (every cosine <= 0) there is no target and the weights stay where they are.
 */
public final class GradientSimilarityBalancer extends SimplexBalancer {

    @Override
    public boolean needsGradients() {
        return true;
    }

    @Override
    public double[] gradient(double[] state, BalancerSignals signals) {
        double[] t = target(signals);
        double[] g = new double[state.length];
        if (t == null) {
            return g;
        }
        double[] w = weights(state);
        for (int k = 0; k < g.length; k++) {
            g[k] = w[k] - t[k];
        }
        return g;
    }

    /** {@code max(0, cos(g_k, g_task))} normalised to sum 1, or null when all are 0. */
    public static double[] target(BalancerSignals signals) {
        int k = signals.objectives();
        double[] t = new double[k];
        double sum = 0;
        for (int i = 0; i < k; i++) {
            t[i] = Math.max(0, signals.cosine(i, k));
            sum += t[i];
        }
        if (sum == 0) {
            return null;
        }
        for (int i = 0; i < k; i++) {
            t[i] /= sum;
        }
        return t;
    }

    /** The cross-entropy {@code -sum_k t_k log softmax(state)_k}. */
    public static double loss(double[] state, double[] target) {
        double[] w = softmax(state);
        double sum = 0;
        for (int i = 0; i < w.length; i++) {
            sum -= target[i] * Math.log(w[i]);
        }
        return sum;
    }

    /** Service provider for id {@code gradient-similarity}. */
    public static final class Provider implements LossBalancerProvider {
        @Override
        public String id() {
            return "gradient-similarity";
        }

        @Override
        public String description() {
            return "gradient similarity (Du et al. 2018): weights towards max(0, cos(objective gradient, task gradient))";
        }

        @Override
        public List<SettingSpec> settings() {
            return List.of();
        }

        @Override
        public LossBalancer create(Settings settings) {
            return new GradientSimilarityBalancer();
        }
    }
}
