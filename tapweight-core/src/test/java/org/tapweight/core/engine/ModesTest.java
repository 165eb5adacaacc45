package org.tapweight.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tapweight.api.model.Split;
import org.tapweight.core.config.Mode;
import org.tapweight.core.config.PluginRef;
import org.tapweight.core.config.RunConfig;

/** The baseline modes of the engine on the helpful/harmful quadratic problem. */
class ModesTest {

    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    static QuadraticTriLevelProblem problem() {
        return QuadraticTriLevelProblem.helpfulHarmful(5, 6, 2, 1.0);
    }

    @Test
    void bilevelLearnsWeightsOnOneJointModel() {
        RunConfig c = HelpfulHarmfulTest.config(Mode.BILEVEL, PluginRef.of("cg", Map.of("iterations", 8)));
        TriLevelEngine e = HelpfulHarmfulTest.engine(problem(), c);
        assertThat(e.state().omega).isNull();
        assertThat(e.state().theta.length()).isEqualTo(6 + 2); // encoder + task head; the objectives have no heads
        StepResult first = e.step();
        assertThat(first.hypergradient()).hasSize(2);
        assertThat(first.taskLoss()).isFinite();
        e.run((r, en) -> { });
        // The joint model trades the task loss against the weighted objectives; the hypergradient
        // still favours the objective whose optimum the validation loss wants.
        assertThat(e.currentWeights()[0]).isGreaterThan(0.6);
        assertThat(e.loss(Split.VALIDATION)).isFinite();
    }

    @Test
    void fixedWeightsOfOneObjectiveTrainOnlyOnIt() {
        RunConfig c = HelpfulHarmfulTest.config(Mode.FIXED, PluginRef.of("cg"));
        c.fixedWeights = Map.of("harmful", 1.0);
        TriLevelEngine e = HelpfulHarmfulTest.engine(problem(), c);
        assertThat(e.currentWeights()).containsExactly(0.0, 1.0);
        e.run((r, en) -> assertThat(r.hypergradient()).isNull());
        // theta converges to the harmful objective's optimum c_1.
        QuadraticTriLevelProblem q = problem();
        INDArray expected = QuadraticTriLevelProblem.nd(q.c[1]);
        assertThat(e.state().theta.sub(expected).norm2Number().doubleValue()).isLessThan(1e-3);
    }

    @Test
    void finetuneModeLeavesLevelIAloneAndTrainsLevelII() {
        RunConfig c = HelpfulHarmfulTest.config(Mode.FINETUNE, PluginRef.of("cg"));
        TriLevelEngine e = HelpfulHarmfulTest.engine(problem(), c);
        INDArray theta0 = e.state().theta.dup();
        double before = e.loss(Split.TRAIN);
        e.run((r, en) -> { });
        assertThat(e.state().theta.toDoubleVector()).containsExactly(theta0.toDoubleVector());
        assertThat(e.loss(Split.TRAIN)).isLessThan(before);
        assertThat(e.encoderParameters().length()).isEqualTo(6);
    }

    @Test
    void levelThreeRunsOnlyEveryIntervalSteps() {
        RunConfig c = HelpfulHarmfulTest.config(Mode.TAPWEIGHT, PluginRef.of("cg"));
        c.levelIII.interval = 3;
        TriLevelEngine e = HelpfulHarmfulTest.engine(problem(), c);
        boolean[] updated = new boolean[6];
        for (int i = 0; i < 6; i++) {
            updated[i] = e.step().hypergradient() != null;
        }
        assertThat(updated).containsExactly(false, false, true, false, false, true);
    }
}
