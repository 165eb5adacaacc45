package org.tapweight.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
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

    @Test
    void keepsTheBestValidationEpochAndStopsAfterPatience() {
        RunAssembler.Assembly a = new RunAssembler(PluginRegistry.load()).assemble(ResumeAndRecordTestAccess.config());
        INDArray theta = Nd4j.zeros(DataType.DOUBLE, a.pretraining().layout().size());
        a.pretraining().initialize(theta, 1);
        INDArray encoder = theta.get(org.tapweight.hypergrad.Vectors.range(0, a.pretraining().layout().encoderSize()));
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
}
