package org.tapweight.core.balance;

import java.util.List;
import org.tapweight.api.balance.BalancerSignals;
import org.tapweight.api.balance.LossBalancer;
import org.tapweight.api.balance.LossBalancerProvider;
import org.tapweight.api.plugin.SettingSpec;
import org.tapweight.api.plugin.Settings;

/**
 * Uncertainty weighting (Kendall, Gal and Cipolla, CVPR 2018): each objective k has a learned log
 * precision {@code p_k = -log sigma_k^2}, trained on {@code sum_k exp(p_k) L_k - p_k}, whose
 * minimiser is {@code p_k = -log L_k}. Its weights are the precisions normalised to sum to 1,
 * {@code w = softmax(p)}, so at the optimum {@code w_k} is proportional to {@code 1 / L_k}: objectives
 * with large (noisy, hard) losses count less. The state is {@code p}; it needs only the losses.
 */
public final class UncertaintyBalancer extends SimplexBalancer {

    @Override
    public boolean needsGradients() {
        return false;
    }

    /** {@code d/dp_k [exp(p_k) L_k - p_k] = exp(p_k) L_k - 1}. */
    @Override
    public double[] gradient(double[] state, BalancerSignals signals) {
        double[] g = new double[state.length];
        for (int k = 0; k < g.length; k++) {
            g[k] = Math.exp(state[k]) * signals.losses()[k] - 1;
        }
        return g;
    }

    /** The balancer's loss {@code sum_k exp(p_k) L_k - p_k}. */
    public static double loss(double[] state, double[] losses) {
        double sum = 0;
        for (int k = 0; k < state.length; k++) {
            sum += Math.exp(state[k]) * losses[k] - state[k];
        }
        return sum;
    }

    /** Service provider for id {@code uncertainty}. */
    public static final class Provider implements LossBalancerProvider {
        @Override
        public String id() {
            return "uncertainty";
        }

        @Override
        public String description() {
            return "uncertainty weighting (Kendall et al. 2018): learned precisions, weights ~ 1/loss at the optimum";
        }

        @Override
        public List<SettingSpec> settings() {
            return List.of();
        }

        @Override
        public LossBalancer create(Settings settings) {
            return new UncertaintyBalancer();
        }
    }
}
