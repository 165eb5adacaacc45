package org.tapweight.core.balance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.tapweight.api.balance.BalancerSignals;

/**
 * The shipped loss balancers against finite differences of the losses they state (double
 * precision, relative error <= 1e-6) and against their closed-form fixed points.
 */
class LossBalancersTest {

    /** Gram matrix of the given gradient vectors (objectives first, the task last). */
    static double[][] gram(double[]... g) {
        double[][] m = new double[g.length][g.length];
        for (int i = 0; i < g.length; i++) {
            for (int j = 0; j < g.length; j++) {
                for (int d = 0; d < g[i].length; d++) {
                    m[i][j] += g[i][d] * g[j][d];
                }
            }
        }
        return m;
    }

    static double[] centralDifference(ToDoubleFunction<double[]> f, double[] x) {
        double h = 1e-6;
        double[] g = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double[] p = x.clone();
            double[] m = x.clone();
            p[i] += h;
            m[i] -= h;
            g[i] = (f.applyAsDouble(p) - f.applyAsDouble(m)) / (2 * h);
        }
        return g;
    }

    static void assertClose(double[] actual, double[] expected) {
        double diff = 0;
        double scale = 0;
        for (int i = 0; i < actual.length; i++) {
            diff += (actual[i] - expected[i]) * (actual[i] - expected[i]);
            scale += expected[i] * expected[i];
        }
        assertThat(Math.sqrt(diff) / Math.max(Math.sqrt(scale), 1e-12)).isLessThan(1e-6);
    }

    static double[] iterate(org.tapweight.api.balance.LossBalancer b, BalancerSignals s, double lr, int steps) {
        double[] state = b.initialState(s.objectives());
        for (int t = 0; t < steps; t++) {
            double[] g = b.gradient(state, s);
            for (int i = 0; i < state.length; i++) {
                state[i] -= lr * g[i];
            }
        }
        return b.weights(state);
    }

    @Test
    void signalsGiveNormsAndCosinesOfTheGramMatrix() {
        BalancerSignals s = new BalancerSignals(0, new double[2], new double[2],
                gram(new double[]{3, 4}, new double[]{0, 0}, new double[]{1, 0}));
        assertThat(s.gradientNorm(0)).isEqualTo(5.0);
        assertThat(s.cosine(0, 2)).isCloseTo(0.6, within(1e-15));
        assertThat(s.cosine(1, 2)).isEqualTo(0.0); // a zero gradient agrees with nothing
    }

    @Test
    void uncertaintyGradientIsThatOfItsLossAndItsFixedPointWeighsByInverseLoss() {
        double[] losses = {0.5, 2, 4};
        BalancerSignals s = new BalancerSignals(3, losses, losses, null);
        UncertaintyBalancer b = new UncertaintyBalancer();
        double[] state = {0.3, -0.2, 0.1};
        assertClose(b.gradient(state, s), centralDifference(x -> UncertaintyBalancer.loss(x, losses), state));
        assertThat(b.initialState(3)).containsExactly(0, 0, 0);
        assertThat(b.weights(b.initialState(3))).containsExactly(1.0 / 3, 1.0 / 3, 1.0 / 3);
        // Minimiser p_k = -log L_k: weights 1/L normalised = (2, 0.5, 0.25) / 2.75.
        double[] w = iterate(b, s, 0.05, 4000);
        assertThat(w[0]).isCloseTo(2 / 2.75, within(1e-6));
        assertThat(w[1]).isCloseTo(0.5 / 2.75, within(1e-6));
        assertThat(w[2]).isCloseTo(0.25 / 2.75, within(1e-6));
    }

    @Test
    void gradNormTargetsAreHandComputed() {
        // Two objectives, uniform weights (u = 1, 1), equal norms 1: G = (1, 1), mean 1. Training rates
        // L/L0 = (1, 0.5), mean 0.75, relative (4/3, 2/3); alpha 1 gives targets (4/3, 2/3).
        BalancerSignals s = new BalancerSignals(9, new double[]{2, 1}, new double[]{2, 2},
                gram(new double[]{1, 0}, new double[]{0, 1}, new double[]{1, 1}));
        GradNormBalancer b = new GradNormBalancer(1.0);
        assertThat(b.targets(new double[2], s)).containsExactly(new double[]{4.0 / 3, 2.0 / 3}, within(1e-15));
        // The slower objective (0) is under its target, so its weight must grow: d/dstate_0 < 0.
        double[] g = b.gradient(new double[2], s);
        assertThat(g[0]).isNegative();
        assertThat(g[1]).isPositive();
        // alpha 0: rates do not matter and equal norms at equal weights are the fixed point.
        assertThat(new GradNormBalancer(0).gradient(new double[2], s)).containsExactly(0, 0);
    }

    @Test
    void gradNormGradientIsThatOfItsLossWithTargetsHeldAndItEqualisesWeightedNorms() {
        double[] losses = {1.0, 0.7, 0.4};
        double[] initial = {1.2, 1.0, 0.9};
        BalancerSignals s = new BalancerSignals(5, losses, initial,
                gram(new double[]{1, 0, 0}, new double[]{0, 2, 0}, new double[]{0, 0, 4}, new double[]{1, 1, 1}));
        GradNormBalancer b = new GradNormBalancer(1.5);
        double[] state = {0.1, -0.3, 0.2};
        double[] targets = b.targets(state, s);
        double[] norms = {1, 2, 4};
        assertClose(b.gradient(state, s), centralDifference(x -> GradNormBalancer.loss(x, norms, targets), state));
        // With equal training rates (alpha irrelevant) the fixed point has equal weighted norms,
        // w_k ~ 1/||g_k|| = (4, 2, 1) / 7; the sign-based steps settle within about the step size.
        BalancerSignals equalRates = new BalancerSignals(5, losses, losses, s.gram());
        double[] w = iterate(b, equalRates, 0.002, 20000);
        assertThat(w[0]).isCloseTo(4 / 7.0, within(0.01));
        assertThat(w[1]).isCloseTo(2 / 7.0, within(0.01));
        assertThat(w[2]).isCloseTo(1 / 7.0, within(0.01));
    }

    @Test
    void gradientSimilarityMovesWeightsToTheNormalisedPositiveCosines() {
        // Objectives along (1,0), (0,1), (-1,0); the task along (1,1): cosines 0.707, 0.707, -0.707.
        BalancerSignals s = new BalancerSignals(2, new double[3], new double[3],
                gram(new double[]{1, 0}, new double[]{0, 2}, new double[]{-3, 0}, new double[]{1, 1}));
        double[] t = GradientSimilarityBalancer.target(s);
        assertThat(t).containsExactly(new double[]{0.5, 0.5, 0}, within(1e-12));
        GradientSimilarityBalancer b = new GradientSimilarityBalancer();
        double[] state = {0.4, -0.1, 0.3};
        assertClose(b.gradient(state, s), centralDifference(x -> GradientSimilarityBalancer.loss(x, t), state));
        double[] w = iterate(b, s, 1.0, 5000);
        assertThat(w[0]).isCloseTo(0.5, within(1e-3));
        assertThat(w[2]).isLessThan(1e-3);
    }

    @Test
    void gradientSimilarityLeavesTheWeightsWhenNoObjectiveAgreesWithTheTask() {
        BalancerSignals s = new BalancerSignals(2, new double[2], new double[2],
                gram(new double[]{-1, 0}, new double[]{0, -1}, new double[]{1, 1}));
        assertThat(GradientSimilarityBalancer.target(s)).isNull();
        assertThat(new GradientSimilarityBalancer().gradient(new double[]{0.2, 0}, s)).containsExactly(0, 0);
    }
}
