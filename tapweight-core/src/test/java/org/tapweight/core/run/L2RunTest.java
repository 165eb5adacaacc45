package org.tapweight.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.tapweight.api.model.TaskModel;
import org.tapweight.core.assembly.RunAssembler;
import org.tapweight.core.config.RunConfig;
import org.tapweight.core.engine.Finetuner;
import org.tapweight.core.model.L2RegularisedTaskModel;
import org.tapweight.core.plugin.PluginRegistry;
import org.tapweight.core.record.RunRecord;
import org.tapweight.core.wiring.TapWeightModule;

/** A TAPWEIGHT run on the synthetic dense task with {@code levelI.l2} and {@code levelII.l2}. */
class L2RunTest {

    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    private static RunConfig config(double l2) {
        RunConfig c = ResumeAndRecordTest.config();
        c.outerSteps = 8;
        c.levelI.l2 = l2;
        c.levelII.l2 = l2;
        c.finetune.epochs = 2;
        return c;
    }

    @Test
    void aTapweightRunWithL2RunsRecordsItAndFinetunesWithoutIt(@TempDir Path tmp) throws Exception {
        RunDriver driver = TapWeightModule.driver(config(0.05), tmp.resolve("l2"));
        RunDriver.Summary withL2 = driver.run(false, null, -1);
        List<JsonNode> events = RunRecord.read(driver.recordFile());
        JsonNode start = events.get(0);
        assertThat(start.path("config").path("levelI").path("l2").asDouble()).isEqualTo(0.05);
        assertThat(start.path("config").path("levelII").path("l2").asDouble()).isEqualTo(0.05);
        List<JsonNode> updates = events.stream().filter(e -> e.path("type").asText().equals("step")
                && e.path("hypergradient").size() == 2).toList();
        assertThat(updates).hasSize(4); // interval 2
        for (JsonNode u : updates) {
            assertThat(u.path("hypergradientNorm").asDouble()).isFinite().isPositive();
        }

        // The regulariser is used: the same run without it learns other weights.
        RunDriver.Summary without = TapWeightModule.driver(config(0.0), tmp.resolve("plain")).run(false, null, -1);
        assertThat(withL2.weights()).isNotEqualTo(without.weights());

        // The final finetuning trains on the unregularised task loss: finetuning the run's final encoder
        // on the plain task model reproduces the recorded result, and on the regularised one it does not.
        RunConfig c = config(0.05);
        TaskModel plainTask = new RunAssembler(PluginRegistry.load()).assemble(c).task();
        JsonNode recorded = events.stream().filter(e -> e.path("type").asText().equals("finetune")).findFirst().orElseThrow();
        Finetuner.Result plain = Finetuner.run(plainTask, driver.encoderParameters(), c.finetune, c.seed, DataType.DOUBLE);
        Finetuner.Result regularised = Finetuner.run(L2RegularisedTaskModel.of(plainTask, 0.05), driver.encoderParameters(),
                c.finetune, c.seed, DataType.DOUBLE);
        double recordedFirst = recorded.path("validationCurve").get(0).asDouble();
        assertThat(plain.validationCurve().get(0)).isEqualTo(recordedFirst);
        assertThat(regularised.validationCurve().get(0)).isNotEqualTo(recordedFirst);
    }
}
