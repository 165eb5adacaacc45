package org.tapweight.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tapweight.api.model.Noise;
import org.tapweight.api.model.PretrainingModel;
import org.tapweight.api.model.Split;
import org.tapweight.api.model.TaskModel;
import org.tapweight.core.assembly.RunAssembler;
import org.tapweight.nn.GradientCheck;
import org.tapweight.core.config.PluginRef;
import org.tapweight.core.config.RunConfig;
import org.tapweight.core.plugin.PluginRegistry;

/** The L2 decorators on the dense modality's assembled models: gradients of the regularised losses, untouched splits. */
class L2RegularisedModelsTest {

    private static final double L2 = 0.3;

    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    private static RunAssembler.Assembly assembly() {
        RunConfig c = new RunConfig();
        c.task = PluginRef.of("synthetic-regression", Map.of("examples", 60, "features", 5));
        c.encoder = PluginRef.of("tanh-mlp", Map.of("hidden", 4));
        c.objectives = List.of(PluginRef.of("auxiliary-target", Map.of("column", 1)),
                PluginRef.of("masked-feature", Map.of("maskRate", 0.3)));
        c.levelI.batchSize = 8;
        c.levelII.batchSize = 8;
        return new RunAssembler(PluginRegistry.load()).assemble(c);
    }

    private static double halfSquaredNorm(INDArray p) {
        double n = p.norm2Number().doubleValue();
        return 0.5 * n * n;
    }

    @Test
    void levelIGradientIsThatOfTheWeightedLossesPlusTheL2TermAndTheLossesAreUnchanged() {
        RunAssembler.Assembly a = assembly();
        PretrainingModel base = a.pretraining();
        PretrainingModel reg = L2RegularisedPretrainingModel.of(base, L2);
        INDArray theta = Nd4j.zeros(DataType.DOUBLE, base.layout().size());
        base.initialize(theta, 3);
        theta.addi(Nd4j.randn(DataType.DOUBLE, theta.length()).muli(0.1));
        Noise noise = Noise.of(11);
        double[] coeff = {0.3, 1.7};
        GradientCheck.Result r = GradientCheck.check((p, g) -> {
            double[] l = reg.evaluate(p, 0, noise, coeff, g);
            return coeff[0] * l[0] + coeff[1] * l[1] + L2 * halfSquaredNorm(p);
        }, theta, 1e-5, 500, 1);
        System.out.println("level I, regularised: relative error " + r.relativeError() + " over " + r.coordinates() + " coordinates");
        assertThat(r.relativeError()).isLessThan(1e-7);
        assertThat(r.coordinates()).isEqualTo(base.layout().size()); // encoder and both heads

        // The K losses are the base model's; the gradient differs from the base's by exactly l2 theta.
        INDArray gBase = theta.ulike();
        INDArray gReg = theta.ulike();
        double[] lBase = base.evaluate(theta, 0, noise, coeff, gBase);
        double[] lReg = reg.evaluate(theta, 0, noise, coeff, gReg);
        assertThat(lReg).containsExactly(lBase);
        assertThat(gReg.sub(gBase).sub(theta.mul(L2)).norm2Number().doubleValue()).isLessThan(1e-12);
        assertThat(((L2RegularisedPretrainingModel) reg).penalty(theta)).isCloseTo(L2 * halfSquaredNorm(theta),
                org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void levelIIRegularisesTheTrainingSplitOnlyAndPassesAGradientCheck() {
        RunAssembler.Assembly a = assembly();
        TaskModel base = a.task();
        TaskModel reg = L2RegularisedTaskModel.of(base, L2);
        INDArray omega = Nd4j.zeros(DataType.DOUBLE, base.layout().size());
        base.initialize(omega, 5);
        omega.addi(Nd4j.randn(DataType.DOUBLE, omega.length()).muli(0.1));
        GradientCheck.Result r = GradientCheck.check((p, g) -> reg.evaluate(p, Split.TRAIN, 1, Noise.NONE, g), omega, 1e-5, 500, 1);
        System.out.println("level II train, regularised: relative error " + r.relativeError());
        assertThat(r.relativeError()).isLessThan(1e-7);
        assertThat(r.coordinates()).isEqualTo(base.layout().size());
        assertThat(reg.evaluate(omega, Split.TRAIN, 1, Noise.NONE, null))
                .isCloseTo(base.evaluate(omega, Split.TRAIN, 1, Noise.NONE, null) + L2 * halfSquaredNorm(omega),
                        org.assertj.core.data.Offset.offset(1e-12));

        for (Split split : new Split[] {Split.VALIDATION, Split.TEST}) {
            INDArray gBase = omega.ulike();
            INDArray gReg = omega.ulike();
            double lBase = base.evaluate(omega, split, TaskModel.WHOLE_SPLIT, Noise.NONE, gBase);
            double lReg = reg.evaluate(omega, split, TaskModel.WHOLE_SPLIT, Noise.NONE, gReg);
            assertThat(lReg).as("%s loss", split).isEqualTo(lBase);
            assertThat(gReg.toDoubleVector()).as("%s gradient", split).containsExactly(gBase.toDoubleVector());
            assertThat(reg.metrics(omega, split)).isEqualTo(base.metrics(omega, split));
        }
    }

    @Test
    void zeroL2IsTheModelItselfAndInvalidValuesAreRefused() {
        RunAssembler.Assembly a = assembly();
        assertThat(L2RegularisedPretrainingModel.of(a.pretraining(), 0.0)).isSameAs(a.pretraining());
        assertThat(L2RegularisedTaskModel.of(a.task(), 0.0)).isSameAs(a.task());
        TaskModel reg = L2RegularisedTaskModel.of(a.task(), L2);
        assertThat(reg).isNotSameAs(a.task());
        assertThat(L2RegularisedTaskModel.unregularised(reg)).isSameAs(a.task());
        assertThat(L2RegularisedTaskModel.unregularised(a.task())).isSameAs(a.task());
        assertThatThrownBy(() -> L2RegularisedPretrainingModel.of(a.pretraining(), -0.1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> L2RegularisedTaskModel.of(a.task(), Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        // The dense models have no exact Hessian; the decorators do not invent one (finite differences see the term).
        INDArray theta = Nd4j.zeros(DataType.DOUBLE, a.pretraining().layout().size());
        assertThat(L2RegularisedPretrainingModel.of(a.pretraining(), L2).exactHessian(theta, 0, Noise.NONE, new double[] {1, 1})).isNull();
    }
}
