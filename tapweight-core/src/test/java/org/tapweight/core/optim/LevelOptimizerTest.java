package org.tapweight.core.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tapweight.api.hypergrad.SolveContext;
import org.tapweight.core.config.OptimizerConfig;

/** The per-level optimisers against hand-computed updates. */
class LevelOptimizerTest {

    static INDArray vec(double... v) {
        return Nd4j.createFromArray(v);
    }

    @Test
    void sgdWithDecoupledWeightDecay() {
        OptimizerConfig c = OptimizerConfig.sgd(0.1);
        c.weightDecay = 0.5;
        LevelOptimizer o = new LevelOptimizer(c, 2, DataType.DOUBLE);
        INDArray p = vec(1.0, -2.0);
        o.step(p, vec(0.5, 1.0));
        // p - lr g = (0.95, -2.1); then * (1 - lr wd) = * 0.95
        assertThat(p.getDouble(0)).isCloseTo(0.9025, offset(1e-12));
        assertThat(p.getDouble(1)).isCloseTo(-1.995, offset(1e-12));
        assertThat(o.solveContext()).isEqualTo(new SolveContext(0.1, 0.0, false));
    }

    @Test
    void nesterovMomentumFollowsNd4jsRule() {
        LevelOptimizer o = new LevelOptimizer(OptimizerConfig.momentum(0.1, 0.9), 1, DataType.DOUBLE);
        INDArray p = vec(1.0);
        o.step(p, vec(1.0));
        // u1 = -0.1 ; update = mu u0 - (1+mu) u1 = 0.19 ; p = 0.81
        assertThat(p.getDouble(0)).isCloseTo(0.81, offset(1e-12));
        o.step(p, vec(1.0));
        // u2 = 0.9 * -0.1 - 0.1 = -0.19 ; update = 0.9 * -0.1 - 1.9 * -0.19 = 0.271 ; p = 0.539
        assertThat(p.getDouble(0)).isCloseTo(0.539, offset(1e-12));
        assertThat(o.solveContext()).isEqualTo(new SolveContext(0.1, 0.9, true));
    }

    @Test
    void adamFirstStepMovesByTheLearningRate() {
        LevelOptimizer o = new LevelOptimizer(OptimizerConfig.adam(0.01), 2, DataType.DOUBLE);
        INDArray p = vec(0.0, 0.0);
        o.step(p, vec(3.0, -0.2));
        assertThat(p.getDouble(0)).isCloseTo(-0.01, offset(1e-6));
        assertThat(p.getDouble(1)).isCloseTo(0.01, offset(1e-6));
        assertThat(o.state().length()).isEqualTo(4);
    }

    /**
     * Adam's context describes its next step as preconditioned heavy-ball: a small change d of the next
     * gradient moves the next iterate by {@code -learningRate * P d} (to first order; the step also
     * changes v, by a relative amount of order (1 - beta2) g^2 / v, small once v averages many
     * gradients: early in training, after 5 steps, it was 33% here). Checked by running the real update
     * twice after 3,000 steps of random gradients.
     */
    @Test
    void adamsContextPredictsHowItsNextStepRespondsToTheGradient() {
        java.util.Random random = new java.util.Random(5);
        double[][] history = new double[3000][];
        double[] scale = {1.0, 0.3, 0.05};
        for (int t = 0; t < history.length; t++) {
            history[t] = new double[] {scale[0] * random.nextGaussian(), scale[1] * random.nextGaussian(),
                    scale[2] * random.nextGaussian()};
        }
        double[] g = {1.0, -0.3, 0.05};
        double[] d = {1e-4, -2e-5, 3e-6};
        LevelOptimizer a = new LevelOptimizer(OptimizerConfig.adam(0.01), 3, DataType.DOUBLE);
        LevelOptimizer b = new LevelOptimizer(OptimizerConfig.adam(0.01), 3, DataType.DOUBLE);
        INDArray pa = vec(0.1, 0.2, 0.3);
        INDArray pb = pa.dup();
        for (double[] h : history) {
            a.step(pa, vec(h));
            b.step(pb, vec(h));
        }
        SolveContext c = a.solveContext();
        assertThat(c.momentum()).isEqualTo(0.9);
        assertThat(c.nesterov()).isFalse();
        assertThat(c.preconditioner().length()).isEqualTo(3);
        a.step(pa, vec(g));
        b.step(pb, vec(g[0] + d[0], g[1] + d[1], g[2] + d[2]));
        for (int i = 0; i < 3; i++) {
            double predicted = -c.learningRate() * c.preconditioner().getDouble(i) * d[i];
            double actual = pb.getDouble(i) - pa.getDouble(i);
            assertThat(actual).as("coordinate %d", i).isCloseTo(predicted, offset(Math.abs(predicted) * 5e-3));
        }
    }

    /** A parameter whose second moment is (near) zero gets the floor, not 1 / eps = 1e8. */
    @Test
    void adamsPreconditionerIsFlooredAtATenthOfTheMedianRootSecondMoment() {
        LevelOptimizer o = new LevelOptimizer(OptimizerConfig.adam(0.01), 3, DataType.DOUBLE);
        INDArray p = vec(0.0, 0.0, 0.0);
        o.step(p, vec(2.0, 4.0, 0.0)); // v = 0.001 g^2: sqrt(v) = 0.0632, 0.1265, 0
        SolveContext c = o.solveContext();
        double root0 = Math.sqrt(0.001) * 2.0;
        double median = root0; // of (0.0632, 0.1265, 0)
        assertThat(c.preconditioner().getDouble(0)).isCloseTo(1 / (root0 + 1e-8), offset(1e-6));
        assertThat(c.preconditioner().getDouble(1)).isCloseTo(1 / (2 * root0 + 1e-8), offset(1e-6));
        assertThat(c.preconditioner().getDouble(2)).isCloseTo(1 / (0.1 * median + 1e-8), offset(1e-4));
    }

    @Test
    void exponentialAndStepSchedulesChangeTheLearningRate() {
        OptimizerConfig c = OptimizerConfig.sgd(1.0);
        c.schedule = "exponential";
        c.decay = 0.5;
        LevelOptimizer o = new LevelOptimizer(c, 1, DataType.DOUBLE);
        INDArray p = vec(0.0);
        o.step(p, vec(1.0));
        o.step(p, vec(1.0));
        assertThat(p.getDouble(0)).isCloseTo(-1.5, offset(1e-12)); // 1.0 then 0.5
        assertThat(o.currentLearningRate()).isCloseTo(0.25, offset(1e-12));
        OptimizerConfig s = OptimizerConfig.sgd(1.0);
        s.schedule = "step";
        s.decay = 0.1;
        s.every = 2;
        LevelOptimizer st = new LevelOptimizer(s, 1, DataType.DOUBLE);
        st.step(vec(0.0), vec(0.0));
        st.step(vec(0.0), vec(0.0));
        assertThat(st.currentLearningRate()).isCloseTo(0.1, offset(1e-12));
    }

    @Test
    void restoreGivesTheSameNextStep() {
        LevelOptimizer a = new LevelOptimizer(OptimizerConfig.adam(0.05), 3, DataType.DOUBLE);
        INDArray pa = vec(1, 2, 3);
        a.step(pa, vec(0.1, -0.3, 0.2));
        a.step(pa, vec(0.4, 0.1, -0.2));
        LevelOptimizer b = new LevelOptimizer(OptimizerConfig.adam(0.05), 3, DataType.DOUBLE);
        b.restore(a.state().dup(), a.iteration());
        INDArray pb = pa.dup();
        a.step(pa, vec(0.3, 0.3, 0.3));
        b.step(pb, vec(0.3, 0.3, 0.3));
        assertThat(pb.toDoubleVector()).containsExactly(pa.toDoubleVector());
    }
}
