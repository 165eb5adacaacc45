package org.tapweight.core.balance;

import java.util.List;
import org.tapweight.api.balance.BalancerSignals;
import org.tapweight.api.balance.LossBalancer;
import org.tapweight.api.balance.LossBalancerProvider;
import org.tapweight.api.plugin.SettingSpec;
import org.tapweight.api.plugin.Settings;

/**
 * GradNorm (Chen et al., ICML 2018). With the weights scaled to sum to K, {@code u = K w}, each
 * objective's weighted gradient norm on the shared encoder is {@code G_k = u_k ||g_k||}; its target is
 * {@code T_k = mean(G) r_k^alpha}, where {@code r_k = (L_k / L_k(0)) / mean_j(L_j / L_j(0))} is its
 * relative inverse training rate. The balancing loss {@code sum_k |G_k - T_k|} is differentiated with
 * the targets held constant, as in the paper: {@code d/du_k = sign(G_k - T_k) ||g_k||}. At the fixed
 * point objectives that train slower get larger gradients. The paper takes the norms on the last
 * shared layer to save work; here they are on the whole encoder (the engine has those gradients).
 * The state is the log-weights, {@code w = softmax(state)}, so the weights stay on the simplex
 * (the paper renormalises after each step instead).
 */
public final class GradNormBalancer extends SimplexBalancer {

    private final double alpha;

    public GradNormBalancer(double alpha) {
        this.alpha = alpha;
    }

    @Override
    public boolean needsGradients() {
        return true;
    }

    @Override
    public double[] gradient(double[] state, BalancerSignals signals) {
        int k = state.length;
        double[] w = weights(state);
        double[] norms = norms(signals);
        double[] targets = targets(w, norms, signals, alpha);
        double[] gw = new double[k];
        for (int i = 0; i < k; i++) {
            // d/dw_i of |K w_i n_i - T_i|, T held constant.
            gw[i] = Math.signum(k * w[i] * norms[i] - targets[i]) * k * norms[i];
        }
        return pullBack(state, gw);
    }

    static double[] norms(BalancerSignals signals) {
        double[] n = new double[signals.objectives()];
        for (int i = 0; i < n.length; i++) {
            n[i] = signals.gradientNorm(i);
        }
        return n;
    }

    /** {@code T_k = mean(G) r_k^alpha} at weights {@code w}. */
    static double[] targets(double[] w, double[] norms, BalancerSignals signals, double alpha) {
        int k = w.length;
        double meanG = 0;
        double[] rate = new double[k];
        double meanRate = 0;
        for (int i = 0; i < k; i++) {
            meanG += k * w[i] * norms[i] / k;
            double l0 = signals.initialLosses()[i];
            rate[i] = l0 > 0 && Double.isFinite(l0) ? signals.losses()[i] / l0 : 1;
            meanRate += rate[i] / k;
        }
        double[] t = new double[k];
        for (int i = 0; i < k; i++) {
            t[i] = meanG * Math.pow(meanRate > 0 ? rate[i] / meanRate : 1, alpha);
        }
        return t;
    }

    /** The balancing loss {@code sum_k |K w_k n_k - T_k|} at {@code state} with the given (constant) targets. */
    public static double loss(double[] state, double[] norms, double[] targets) {
        double[] w = softmax(state);
        double sum = 0;
        for (int i = 0; i < w.length; i++) {
            sum += Math.abs(w.length * w[i] * norms[i] - targets[i]);
        }
        return sum;
    }

    /** The targets the gradient at {@code state} holds constant. */
    public double[] targets(double[] state, BalancerSignals signals) {
        return targets(weights(state), norms(signals), signals, alpha);
    }

    /** Service provider for id {@code gradnorm}. */
    public static final class Provider implements LossBalancerProvider {
        @Override
        public String id() {
            return "gradnorm";
        }

        @Override
        public String description() {
            return "GradNorm (Chen et al. 2018): equalises weighted gradient norms on the encoder, adjusted by training rate";
        }

        @Override
        public List<SettingSpec> settings() {
            return List.of(SettingSpec.ofDouble("alpha", 1.5,
                    "asymmetry: how strongly slower-training objectives get larger gradients (0 = equal norms)"));
        }

        @Override
        public LossBalancer create(Settings settings) {
            return new GradNormBalancer(settings.requireNonNegative("alpha", true));
        }
    }
}
