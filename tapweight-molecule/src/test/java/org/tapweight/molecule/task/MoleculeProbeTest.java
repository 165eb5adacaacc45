package org.tapweight.molecule.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tapweight.api.model.Noise;
import org.tapweight.api.model.Split;
import org.tapweight.api.model.TaskModel;
import org.tapweight.core.assembly.RunAssembler;
import org.tapweight.core.config.PluginRef;
import org.tapweight.core.config.RunConfig;
import org.tapweight.core.plugin.PluginRegistry;
import org.tapweight.nn.Vectors;

/**
 * A probe's view of the MoleculeNet task on GIN (which has dropout): every loss, head gradient and
 * metric is the full model's in evaluation mode (no noise, whatever noise the probe is given), and
 * the encoder gets no gradient.
 */
class MoleculeProbeTest {

    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    @Test
    void theProbeViewIsTheModelInEvaluationModeWithAFrozenEncoder() {
        RunConfig c = new RunConfig();
        c.task = PluginRef.of("moleculenet", Map.of("dataset", "bbbp", "limit", 400) /* both classes in every split */);
        c.encoder = PluginRef.of("gin", Map.of("hidden", 8, "layers", 2, "dropout", 0.3));
        c.objectives = List.of(PluginRef.of("attribute-masking"));
        c.levelII.batchSize = 16;
        TaskModel full = new RunAssembler(PluginRegistry.load()).assemble(c).task();
        TaskModel probe = full.withFrozenEncoder();
        INDArray params = Nd4j.zeros(DataType.DOUBLE, full.layout().size());
        full.initialize(params, 4);
        int e = full.layout().encoderSize();
        INDArray gFull = params.ulike();
        INDArray gProbe = params.ulike();
        for (long b = 0; b < 3; b++) {
            double lossFull = full.evaluate(params, Split.TRAIN, b, Noise.NONE, gFull);
            double lossProbe = probe.evaluate(params, Split.TRAIN, b, Noise.of(99), gProbe);
            assertThat(lossProbe).isCloseTo(lossFull, within(1e-12));
            assertThat(gProbe.get(Vectors.range(0, e)).norm2Number().doubleValue()).isZero();
            INDArray headFull = gFull.get(Vectors.range(e, full.layout().size()));
            INDArray headProbe = gProbe.get(Vectors.range(e, full.layout().size()));
            assertThat(headProbe.sub(headFull).norm2Number().doubleValue()).isLessThan(1e-12 * (1 + headFull.norm2Number().doubleValue()));
        }
        // Dropout matters for the full model, so the probe really is in evaluation mode.
        assertThat(full.evaluate(params, Split.TRAIN, 0, Noise.of(99), null))
                .isNotCloseTo(full.evaluate(params, Split.TRAIN, 0, Noise.NONE, null), within(1e-9));
        for (Split s : Split.values()) {
            Map<String, Double> mFull = full.metrics(params, s);
            Map<String, Double> mProbe = probe.metrics(params, s);
            mFull.forEach((k, v) -> assertThat(mProbe.get(k)).as(k).isCloseTo(v, within(1e-12)));
        }
        // The head alone, the encoder fixed: the probe's losses, head gradients and metrics on the head's parameters.
        TaskModel headOnly = probe.headOnly(params.get(Vectors.range(0, e)));
        INDArray headParams = params.get(Vectors.range(e, full.layout().size())).dup();
        assertThat(headOnly.layout().size()).isEqualTo(full.layout().size() - e);
        assertThat(headOnly.layout().encoderSize()).isZero();
        INDArray gHead = headParams.ulike();
        for (long b = 0; b < 3; b++) {
            double lossProbe = probe.evaluate(params, Split.TRAIN, b, Noise.of(7), gProbe);
            assertThat(headOnly.evaluate(headParams, Split.TRAIN, b, Noise.of(7), gHead)).isCloseTo(lossProbe, within(1e-12));
            INDArray expected = gProbe.get(Vectors.range(e, full.layout().size()));
            assertThat(gHead.sub(expected).norm2Number().doubleValue()).isLessThan(1e-12 * (1 + expected.norm2Number().doubleValue()));
        }
        for (Split s : Split.values()) {
            Map<String, Double> mProbe = probe.metrics(params, s);
            Map<String, Double> mHead = headOnly.metrics(headParams, s);
            assertThat(mHead.keySet()).isEqualTo(mProbe.keySet()).isNotEmpty();
            mHead.forEach((k, v) -> assertThat(v).as(k).isCloseTo(mProbe.get(k), within(1e-12)));
        }
        // New encoder parameters: the vectors are recomputed, not served stale.
        INDArray moved = params.dup();
        moved.get(Vectors.range(0, e)).muli(0.5);
        assertThat(probe.evaluate(moved, Split.TRAIN, 0, Noise.NONE, null))
                .isCloseTo(full.evaluate(moved, Split.TRAIN, 0, Noise.NONE, null), within(1e-12));
    }

    /** Partial finetuning: the embedding and the first layer stay bit for bit as given, the rest learns. */
    @Test
    void frozenLowerLayersStayAsGivenAndTheRestLearns() {
        RunConfig c = new RunConfig();
        c.task = PluginRef.of("moleculenet", Map.of("dataset", "bbbp", "limit", 400));
        c.encoder = PluginRef.of("gin", Map.of("hidden", 8, "layers", 3, "dropout", 0.1));
        c.objectives = List.of(PluginRef.of("attribute-masking"));
        TaskModel full = new RunAssembler(PluginRegistry.load()).assemble(c).task();
        int[] starts = full.encoderLayerStarts();
        int e = full.layout().encoderSize();
        assertThat(starts).hasSize(4).startsWith(0);
        for (int i = 1; i < starts.length; i++) {
            assertThat(starts[i]).isGreaterThan(starts[i - 1]).isLessThan(e);
        }
        INDArray[] last = new INDArray[1];
        TaskModel watched = watching(full, p -> last[0] = p.dup());
        INDArray params = Nd4j.zeros(DataType.DOUBLE, full.layout().size());
        full.initialize(params, 4);
        INDArray encoder = params.get(Vectors.range(0, e)).dup();
        org.tapweight.core.config.FinetuneConfig f = new org.tapweight.core.config.FinetuneConfig();
        f.epochs = 2;
        f.frozenLayers = 2;
        f.optimizer = org.tapweight.core.config.OptimizerConfig.adam(0.01);
        f.optimizer.weightDecay = 0.1;
        org.tapweight.core.engine.Finetuner.run(watched, encoder, f, 3, DataType.DOUBLE);
        assertThat(last[0].get(Vectors.range(0, starts[2]))).isEqualTo(encoder.get(Vectors.range(0, starts[2])));
        assertThat(last[0].get(Vectors.range(starts[2], e))).isNotEqualTo(encoder.get(Vectors.range(starts[2], e)));

        f.frozenLayers = 4;
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> org.tapweight.core.engine.Finetuner.run(full, encoder, f, 3, DataType.DOUBLE))
                .hasMessageContaining("has 4 parameter groups").hasMessageContaining("use at most 3");
    }

    /** {@code inner}, telling {@code seen} the parameters each metric is computed with (the finetuning's last). */
    static TaskModel watching(TaskModel inner, java.util.function.Consumer<INDArray> seen) {
        return new org.tapweight.core.model.ForwardingTaskModel(inner) {
            @Override
            public Map<String, Double> metrics(INDArray params, Split split) {
                seen.accept(params);
                return inner.metrics(params, split);
            }
        };
    }
}
