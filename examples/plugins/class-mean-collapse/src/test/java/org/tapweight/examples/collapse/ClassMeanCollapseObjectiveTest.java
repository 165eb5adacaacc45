package org.tapweight.examples.collapse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tapweight.api.modality.Encoder;
import org.tapweight.api.modality.Head;
import org.tapweight.api.model.Noise;
import org.tapweight.core.config.PluginRef;
import org.tapweight.core.config.RunConfig;
import org.tapweight.molecule.model.GraphBatch;
import org.tapweight.testkit.GradientReport;
import org.tapweight.testkit.PluginTestKit;

/** The example plug-in's loss against a hand-computed value and its gradient against finite differences. */
class ClassMeanCollapseObjectiveTest {

    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    /** An encoder whose molecule vectors are fixed: h = params reshaped to [rows, 2]. */
    static Encoder<GraphBatch> fixed(int rows) {
        return new Encoder<>() {
            public Class<GraphBatch> batchType() { return GraphBatch.class; }
            public int parameterCount() { return 2 * rows; }
            public int representationSize() { return 2; }
            public void initialize(INDArray params, long seed) { }
            public Pass forward(INDArray params, GraphBatch batch, Noise noise) {
                INDArray h = params.reshape(rows, 2);
                return new Pass() {
                    public INDArray output() { return h; }
                    public void backward(INDArray dOutput, INDArray acc) { acc.addi(dOutput.reshape(2 * rows)); }
                };
            }
        };
    }

    @Test
    void theLossIsTheScaledSquaredDistanceOfTheClassMeans() {
        // h = (1,0), (3,0), (0,2), (5,5) with labels 1, 1, 0, NaN: class means (2,0) and (0,2),
        // distance^2 8; the unlabelled molecule counts for nothing. Scale 0.5: loss 4.
        INDArray params = Nd4j.createFromArray(1.0, 0, 3, 0, 0, 2, 5, 5);
        GraphBatch batch = new GraphBatch(new int[4], new int[0], new int[0], new int[0], new int[0], new int[0], 4,
                new double[][] {{1}, {1}, {0}, {Double.NaN}});
        INDArray grad = Nd4j.zeros(DataType.DOUBLE, 8);
        double loss = new ClassMeanCollapseObjective(0.5).loss(fixed(4), params, null, batch, Noise.NONE,
                new Head.Gradients(grad, null, 1.0));
        assertThat(loss).isCloseTo(4.0, within(1e-12));
        // dL/dh = 2 * 0.5 * delta * (1/2, 1/2, -1, 0) with delta = (2, -2).
        assertThat(grad.toDoubleVector()).containsExactly(new double[] {1, -1, 1, -1, -2, 2, 0, 0}, within(1e-12));
        // A batch with one class only has nothing to collapse.
        GraphBatch oneClass = new GraphBatch(new int[2], new int[0], new int[0], new int[0], new int[0], new int[0], 2,
                new double[][] {{1}, {1}});
        assertThat(new ClassMeanCollapseObjective(0.5).loss(fixed(2), Nd4j.ones(DataType.DOUBLE, 4), null, oneClass,
                Noise.NONE, null)).isZero();
    }

    /** The plug-in on the real GIN encoder, found by ServiceLoader like any objective, checked by the test kit. */
    @Test
    void itsGradientThroughTheGraphEncoderMatchesFiniteDifferences() {
        RunConfig c = PluginTestKit.config(PluginRef.of("moleculenet", Map.of("dataset", "bbbp", "limit", 200)),
                PluginRef.of("gin", Map.of("hidden", 6, "layers", 2, "dropout", 0.1)),
                PluginRef.of("class-mean-collapse", Map.of("scale", 3.0)));
        c.levelI.batchSize = 32; // BBBP is 3/4 positive: a batch this size holds both classes
        GradientReport r = PluginTestKit.checkObjectives(c).get(0);
        System.out.println(r);
        r.assertAgrees(1e-6);
    }

    @Test
    void itsProviderIsWellFormed() {
        PluginTestKit.checkProvider(new ClassMeanCollapseObjective.Provider());
    }
}
