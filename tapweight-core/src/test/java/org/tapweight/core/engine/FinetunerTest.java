package org.tapweight.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tapweight.api.model.Noise;
import org.tapweight.api.model.Split;
import org.tapweight.api.model.TaskModel;
import org.tapweight.api.plugin.ConfigurationException;
import org.tapweight.core.assembly.RunAssembler;
import org.tapweight.core.config.FinetuneConfig;
import org.tapweight.core.config.OptimizerConfig;
import org.tapweight.core.plugin.PluginRegistry;
import org.tapweight.core.run.ResumeAndRecordTestAccess;

/** The protocol's final finetuning: early stopping on validation, test read at the best epoch. */
class FinetunerTest {

    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    /** The encoder part of level I's seeded initial parameters. */
    static INDArray seededEncoder(RunAssembler.Assembly a) {
        INDArray theta = Nd4j.zeros(DataType.DOUBLE, a.pretraining().layout().size());
        a.pretraining().initialize(theta, 1);
        return theta.get(org.tapweight.nn.Vectors.range(0, a.pretraining().layout().encoderSize()));
    }

    @Test
    void keepsTheBestValidationEpochAndStopsAfterPatience() {
        RunAssembler.Assembly a = new RunAssembler(PluginRegistry.load()).assemble(ResumeAndRecordTestAccess.config());
        INDArray encoder = seededEncoder(a);
        FinetuneConfig config = new FinetuneConfig();
        config.epochs = 40;
        config.patience = 3;
        config.optimizer = OptimizerConfig.adam(0.05);
        Finetuner.Result r = Finetuner.run(a.task(), encoder, config, 5, DataType.DOUBLE);
        double best = Collections.min(r.validationCurve()); // RMSE: lower is better
        assertThat(r.validation().get("rmse")).isEqualTo(best);
        assertThat(r.validationCurve().get(r.bestEpoch() - 1)).isEqualTo(best);
        assertThat(r.validationCurve().size()).isLessThanOrEqualTo(Math.min(40, r.bestEpoch() + 3));
        assertThat(r.test()).containsKey("rmse");
        // Training helped: the best epoch beats the first.
        assertThat(best).isLessThan(r.validationCurve().get(0));
        // Same seed, same result.
        Finetuner.Result again = Finetuner.run(a.task(), encoder, config, 5, DataType.DOUBLE);
        assertThat(again.test()).isEqualTo(r.test());
        assertThat(Map.copyOf(again.validation())).isEqualTo(Map.copyOf(r.validation()));
    }

    /**
     * Several finetuning seeds: the first is the run's own seed (one repeat is the single finetuning),
     * the others differ, and the reported metrics are the runs' means.
     */
    @Test
    void repeatedFinetuningReportsTheMeanOfRunsWithDistinctSeeds() {
        RunAssembler.Assembly a = new RunAssembler(PluginRegistry.load()).assemble(ResumeAndRecordTestAccess.config());
        INDArray encoder = seededEncoder(a);
        FinetuneConfig config = new FinetuneConfig();
        config.epochs = 6;
        config.patience = 3;
        config.optimizer = OptimizerConfig.adam(0.05);
        config.seeds = 3;
        Finetuner.Repeated r = Finetuner.runRepeated(a.task(), encoder, config, 5, DataType.DOUBLE, null);
        assertThat(r.seeds()).hasSize(3).doesNotHaveDuplicates().startsWith(5L);
        assertThat(r.runs().get(0).test()).isEqualTo(Finetuner.run(a.task(), encoder, config, 5, DataType.DOUBLE).test());
        double[] tests = r.runs().stream().mapToDouble(x -> x.test().get("rmse")).toArray();
        assertThat(tests[1]).isNotEqualTo(tests[0]);
        assertThat(r.test().get("rmse")).isCloseTo((tests[0] + tests[1] + tests[2]) / 3, org.assertj.core.api.Assertions.within(1e-15));
        // Another encoder gets the same finetuning seeds: methods are paired under common random numbers.
        assertThat(Finetuner.runRepeated(a.task(), encoder.mul(0.5), config, 5, DataType.DOUBLE, null).seeds()).isEqualTo(r.seeds());
    }

    /** Partial finetuning needs an encoder that says where its layers start; the dense one does not. */
    @Test
    void frozenLayersNeedAnEncoderWithALayerOrder() {
        RunAssembler.Assembly a = new RunAssembler(PluginRegistry.load()).assemble(ResumeAndRecordTestAccess.config());
        FinetuneConfig config = new FinetuneConfig();
        config.epochs = 1;
        config.frozenLayers = 1;
        assertThatThrownBy(() -> Finetuner.run(a.task(), seededEncoder(a), config, 5, DataType.DOUBLE))
                .hasMessageContaining("does not say where its layers start");
    }

    /** A frozen-encoder probe trains the fresh head only: the encoder it is scored with is the one given, bit for bit. */
    @Test
    void aProbeLeavesTheEncoderExactlyAsGivenAndTrainsTheHead() {
        RunAssembler.Assembly a = new RunAssembler(PluginRegistry.load()).assemble(ResumeAndRecordTestAccess.config());
        INDArray theta = Nd4j.zeros(DataType.DOUBLE, a.pretraining().layout().size());
        a.pretraining().initialize(theta, 1);
        int e = a.pretraining().layout().encoderSize();
        INDArray encoder = theta.get(org.tapweight.nn.Vectors.range(0, e)).dup();
        INDArray[] scored = new INDArray[1];
        TaskModel watched = org.tapweight.core.run.TaskModels.withMetrics(a.task(), (params, split) -> {
            scored[0] = params.dup();
            return a.task().metrics(params, split);
        });
        FinetuneConfig config = new FinetuneConfig();
        config.epochs = 10;
        config.optimizer = OptimizerConfig.adam(0.05);
        config.optimizer.weightDecay = 0.1; // decoupled decay would shrink a merely zero-gradient encoder
        config.frozenEncoder = true;
        Finetuner.Result probe = Finetuner.run(watched, encoder, config, 5, DataType.DOUBLE);
        assertThat(scored[0].get(org.tapweight.nn.Vectors.range(0, e))).isEqualTo(encoder);
        assertThat(probe.validationCurve().get(probe.validationCurve().size() - 1))
                .isLessThan(probe.validationCurve().get(0)); // the head learned
        // The assembled model's probe view trains the head on vectors computed once per split; the wrapper
        // above cannot (TaskModel's default view is the model itself). This encoder has no dropout, so both
        // probes see the same vectors and must agree up to rounding.
        assertThat(a.task().withFrozenEncoder()).isNotSameAs(a.task());
        assertThat(watched.withFrozenEncoder()).isSameAs(watched);
        Finetuner.Result fast = Finetuner.run(a.task(), encoder, config, 5, DataType.DOUBLE);
        for (int i = 0; i < probe.validationCurve().size(); i++) {
            assertThat(fast.validationCurve().get(i)).isCloseTo(probe.validationCurve().get(i), org.assertj.core.api.Assertions.within(1e-12));
        }

        config.frozenEncoder = null;
        Finetuner.run(watched, encoder, config, 5, DataType.DOUBLE);
        assertThat(scored[0].get(org.tapweight.nn.Vectors.range(0, e))).isNotEqualTo(encoder);
    }

    /** A validation metric that is undefined in some epochs: those are never the best; in all epochs: an error. */
    @Test
    void anUndefinedValidationMetricIsNeverTheBestEpochAndUndefinedInEveryEpochIsAnError() {
        RunAssembler.Assembly a = new RunAssembler(PluginRegistry.load()).assemble(ResumeAndRecordTestAccess.config());
        INDArray encoder = seededEncoder(a);
        FinetuneConfig config = new FinetuneConfig();
        config.epochs = 6;
        config.patience = 10;
        config.optimizer = OptimizerConfig.adam(0.05);
        int[] calls = {0};
        // Validation RMSE undefined in epochs 1 and 2 (the old rule took epoch 1 whatever its value).
        TaskModel firstUndefined = nanMetric(a.task(), () -> ++calls[0] <= 2);
        Finetuner.Result r = Finetuner.run(firstUndefined, encoder, config, 5, DataType.DOUBLE);
        assertThat(r.validationCurve().subList(0, 2)).allMatch(v -> v.isNaN());
        assertThat(r.bestEpoch()).isGreaterThan(2);
        assertThat(r.validation().get("rmse")).isFinite();
        TaskModel alwaysUndefined = nanMetric(a.task(), () -> true);
        assertThatThrownBy(() -> Finetuner.run(alwaysUndefined, encoder, config, 5, DataType.DOUBLE))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("validation metric 'rmse' was undefined (NaN) in all 6 epochs");
    }

    /** {@code task} whose validation metrics are NaN whenever {@code undefined} says so. */
    private static TaskModel nanMetric(TaskModel task, java.util.function.BooleanSupplier undefined) {
        return org.tapweight.core.run.TaskModels.withMetrics(task, (params, split) -> {
            Map<String, Double> m = new java.util.HashMap<>(task.metrics(params, split));
            if (split == Split.VALIDATION && undefined.getAsBoolean()) {
                m.replaceAll((k, v) -> Double.NaN);
            }
            return m;
        });
    }
}
