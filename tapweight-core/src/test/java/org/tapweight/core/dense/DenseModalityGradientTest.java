package org.tapweight.core.dense;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tapweight.api.model.Noise;
import org.tapweight.api.model.Split;
import org.tapweight.core.assembly.RunAssembler;
import org.tapweight.nn.GradientCheck;
import org.tapweight.core.config.PluginRef;
import org.tapweight.core.config.RunConfig;
import org.tapweight.core.plugin.PluginRegistry;

/** Double-precision finite-difference gradient checks of the dense encoder, its objectives and its task head. */
class DenseModalityGradientTest {

    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    static RunConfig config(int layers) {
        RunConfig c = new RunConfig();
        c.task = PluginRef.of("synthetic-regression", Map.of("examples", 60, "features", 5));
        c.encoder = PluginRef.of("tanh-mlp", Map.of("hidden", 4, "layers", layers));
        c.objectives = List.of(PluginRef.of("auxiliary-target", Map.of("column", 1)),
                PluginRef.of("masked-feature", Map.of("maskRate", 0.3)));
        c.levelI.batchSize = 8;
        c.levelII.batchSize = 8;
        return c;
    }

    @Test
    void everyObjectiveHeadAndTheEncoderPassAGradientCheck() {
        for (int layers : new int[] {1, 2}) {
            RunAssembler.Assembly a = new RunAssembler(PluginRegistry.load()).assemble(config(layers));
            INDArray theta = Nd4j.zeros(DataType.DOUBLE, a.pretraining().layout().size());
            a.pretraining().initialize(theta, 3);
            theta.addi(Nd4j.randn(DataType.DOUBLE, theta.length()).muli(0.1)); // nonzero biases
            Noise noise = Noise.of(11);
            for (int k = 0; k < 2; k++) {
                double[] coeff = new double[2];
                coeff[k] = 1.0;
                int objective = k;
                GradientCheck.Result r = GradientCheck.check((p, g) ->
                        a.pretraining().evaluate(p, 0, noise, coeff, g)[objective], theta, 1e-5, 500, 1);
                assertThat(r.relativeError()).as("objective %d, %d layers", k, layers).isLessThan(1e-7);
                assertThat(r.gradientNorm()).isGreaterThan(1e-3);
            }
            // A weighted sum: the coefficients must scale each objective's gradient.
            double[] coeff = {0.3, 1.7};
            GradientCheck.Result weighted = GradientCheck.check((p, g) -> {
                double[] l = a.pretraining().evaluate(p, 0, noise, coeff, g);
                return 0.3 * l[0] + 1.7 * l[1];
            }, theta, 1e-5, 500, 1);
            assertThat(weighted.relativeError()).isLessThan(1e-7);
        }
    }

    @Test
    void theTaskHeadPassesAGradientCheck() {
        RunAssembler.Assembly a = new RunAssembler(PluginRegistry.load()).assemble(config(2));
        INDArray omega = Nd4j.zeros(DataType.DOUBLE, a.task().layout().size());
        a.task().initialize(omega, 5);
        GradientCheck.Result r = GradientCheck.check((p, g) ->
                a.task().evaluate(p, Split.TRAIN, 1, Noise.NONE, g), omega, 1e-5, 500, 1);
        assertThat(r.relativeError()).isLessThan(1e-7);
        assertThat(r.coordinates()).isEqualTo(a.task().layout().size());
    }

    @Test
    void probesWithEqualNoiseSeeTheSameMaskAndOtherNoiseAnother() {
        RunAssembler.Assembly a = new RunAssembler(PluginRegistry.load()).assemble(config(1));
        INDArray theta = Nd4j.zeros(DataType.DOUBLE, a.pretraining().layout().size());
        a.pretraining().initialize(theta, 3);
        double[] first = a.pretraining().evaluate(theta, 2, Noise.of(5), null, null);
        double[] again = a.pretraining().evaluate(theta, 2, Noise.of(5), null, null);
        double[] other = a.pretraining().evaluate(theta, 2, Noise.of(6), null, null);
        assertThat(again).containsExactly(first);
        assertThat(other[1]).isNotEqualTo(first[1]); // the masked-feature loss depends on the mask
        assertThat(other[0]).isEqualTo(first[0]); // the auxiliary target does not use noise
    }

    @Test
    void rmseMetricMatchesAHandComputation() {
        RunAssembler.Assembly a = new RunAssembler(PluginRegistry.load()).assemble(config(1));
        INDArray omega = Nd4j.zeros(DataType.DOUBLE, a.task().layout().size());
        a.task().initialize(omega, 5);
        // With all weights zero, the prediction is 0 and the RMSE is the root mean square of the labels.
        omega.assign(0.0);
        double rmse = a.task().metrics(omega, Split.VALIDATION).get("rmse");
        double loss = a.task().evaluate(omega, Split.VALIDATION, -1, Noise.NONE, null);
        assertThat(rmse).isCloseTo(Math.sqrt(2 * loss), org.assertj.core.data.Offset.offset(1e-12));
        assertThat(rmse).isGreaterThan(0.1);
    }
}
