package org.tapweight.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.RealVector;
import org.tapweight.api.balance.BalancerSignals;
import org.tapweight.api.balance.LossBalancer;
import org.tapweight.api.plugin.ConfigurationException;
import org.tapweight.core.balance.GradientSimilarityBalancer;
import org.tapweight.core.config.Mode;
import org.tapweight.core.config.PluginRef;
import org.tapweight.core.config.RunConfig;

/**
 * Mode BALANCED: the weights come from a loss balancer, stepped by the level-III optimiser every
 * {@code levelIII.interval} steps, on the signals level I measured.
 */
class BalancedModeTest {

    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    static RunConfig config(String balancer) {
        RunConfig c = HelpfulHarmfulTest.config(Mode.BALANCED, PluginRef.of("identity"));
        c.balancer = PluginRef.of(balancer);
        return c;
    }

    static TriLevelEngine engine(QuadraticTriLevelProblem q, RunConfig c) {
        return new TriLevelEngine(c, q.pretrainingModel(), q.taskModel(), HelpfulHarmfulTest.ASSEMBLER.weightMap(c.weightMap),
                HelpfulHarmfulTest.ASSEMBLER.strategy(c.levelIII.strategyI),
                HelpfulHarmfulTest.ASSEMBLER.strategy(c.levelIII.strategyIIOrDefault()), null, java.util.Map.of(),
                HelpfulHarmfulTest.ASSEMBLER.balancer(c.balancer));
    }

    /**
     * The signals a balancer gets are the ones its contract states: each objective's own encoder
     * gradient at theta, and the task's at theta's encoder with omega's head, checked against the
     * quadratic problem's closed-form gradients {@code A_k (theta - c_k)} and {@code B (omega' - b)}.
     * (Gradient similarity itself need not settle on this problem: at level I's equilibrium the two
     * objectives' gradients oppose, so exactly one agrees with the task and the target flips.)
     */
    @Test
    void aBalancerReadsEachObjectivesAndTheTasksEncoderGradient() {
        QuadraticTriLevelProblem q = QuadraticTriLevelProblem.helpfulHarmful(5, 6, 2, 1.0);
        RunConfig c = config("gradient-similarity");
        c.outerSteps = 7;
        c.levelIII.interval = 3;
        List<BalancerSignals> seen = new ArrayList<>();
        GradientSimilarityBalancer inner = new GradientSimilarityBalancer();
        LossBalancer recording = new LossBalancer() {
            public boolean needsGradients() { return true; }
            public double[] initialState(int k) { return inner.initialState(k); }
            public double[] weights(double[] state) { return inner.weights(state); }
            public double[] gradient(double[] state, BalancerSignals s) {
                seen.add(s);
                return inner.gradient(state, s);
            }
        };
        TriLevelEngine e = new TriLevelEngine(c, q.pretrainingModel(), q.taskModel(), HelpfulHarmfulTest.ASSEMBLER.weightMap(c.weightMap),
                HelpfulHarmfulTest.ASSEMBLER.strategy(c.levelIII.strategyI),
                HelpfulHarmfulTest.ASSEMBLER.strategy(c.levelIII.strategyIIOrDefault()), null, java.util.Map.of(), recording);
        List<StepResult> steps = new ArrayList<>();
        List<double[][]> expected = new ArrayList<>();
        double[] firstLosses = new double[2];
        e.run((r, engine) -> {
            steps.add(r);
            if (r.step() == 0) {
                System.arraycopy(r.objectiveLosses(), 0, firstLosses, 0, 2);
            }
            if ((r.step() + 1) % 3 == 0) {
                RealVector theta = new ArrayRealVector(engine.state().theta.toDoubleVector());
                RealVector omega = new ArrayRealVector(engine.state().omega.toDoubleVector());
                omega.setSubVector(0, theta.getSubVector(0, q.e));
                RealVector[] g = {q.a[0].operate(theta.subtract(q.c[0])), q.a[1].operate(theta.subtract(q.c[1])),
                        q.b.operate(omega.subtract(q.bCentre)).getSubVector(0, q.e)};
                double[][] gram = new double[3][3];
                for (int i = 0; i < 3; i++) {
                    for (int j = 0; j < 3; j++) {
                        gram[i][j] = g[i].dotProduct(g[j]);
                    }
                }
                expected.add(gram);
            }
        });
        assertThat(seen).hasSize(2); // after steps 2 and 5
        for (int u = 0; u < 2; u++) {
            for (int i = 0; i < 3; i++) {
                assertThat(seen.get(u).gram()[i]).containsExactly(expected.get(u)[i], within(1e-12 * (1 + Math.abs(expected.get(u)[i][i]))));
            }
            assertThat(seen.get(u).initialLosses()).containsExactly(firstLosses);
        }
        assertThat(seen.get(1).step()).isEqualTo(5);
        assertThat(seen.get(1).losses()).containsExactly(steps.get(5).objectiveLosses());
        // Every update costs K + 1 = 3 gradients and is recorded as the step's level-III gradient.
        assertThat(steps.get(2).gradientEvaluations()).isEqualTo(3);
        assertThat(steps.get(2).hypergradient()).hasSize(2);
        assertThat(steps.get(3).hypergradient()).isNull();
        assertThat(steps.get(3).weights()).isNotEqualTo(steps.get(0).weights());
    }

    @Test
    void uncertaintyWeightingNeedsNoGradientsAndWeighsTheSmallerLossUp() {
        QuadraticTriLevelProblem q = QuadraticTriLevelProblem.helpfulHarmful(5, 6, 2, 1.0);
        TriLevelEngine e = engine(q, config("uncertainty"));
        List<StepResult> steps = new ArrayList<>();
        e.run((r, engine) -> steps.add(r));
        StepResult last = steps.get(steps.size() - 1);
        double[] w = e.currentWeights();
        System.out.println("uncertainty final weights " + java.util.Arrays.toString(w) + ", losses "
                + java.util.Arrays.toString(last.objectiveLosses()));
        assertThat(last.gradientEvaluations()).isZero();
        int smaller = last.objectiveLosses()[0] < last.objectiveLosses()[1] ? 0 : 1;
        assertThat(w[smaller]).isGreaterThan(0.5);
    }

    @Test
    void theModeAndTheBalancerMustComeTogether() {
        QuadraticTriLevelProblem q = QuadraticTriLevelProblem.helpfulHarmful(5, 6, 2, 1.0);
        RunConfig none = config("gradnorm");
        none.balancer = null;
        assertThatThrownBy(none::validate).isInstanceOf(ConfigurationException.class).hasMessageContaining("balancer.id");
        RunConfig fixed = config("gradnorm");
        fixed.mode = Mode.FIXED;
        assertThatThrownBy(() -> engine(q, fixed)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("does not use one");
    }
}
