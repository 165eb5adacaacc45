package org.tapweight.molecule.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tapweight.api.plugin.ConfigurationException;
import org.tapweight.core.config.Mode;
import org.tapweight.core.config.OptimizerConfig;
import org.tapweight.core.config.PluginRef;
import org.tapweight.core.config.RunConfig;
import org.tapweight.core.record.EncoderFile;
import org.tapweight.core.record.RunRecord;
import org.tapweight.core.run.RunDriver;
import org.tapweight.core.wiring.TapWeightModule;

/** Molecular runs end to end on small slices: TapWeight on BBBP, pretraining, starting from a base encoder. */
class MoleculeRunTest {

    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    static RunConfig config(Mode mode) {
        RunConfig c = new RunConfig();
        c.name = "bbbp-small";
        c.mode = mode;
        c.outerSteps = 6;
        c.checkpointEvery = 3;
        c.task = PluginRef.of("moleculenet", Map.of("dataset", "bbbp", "limit", 150));
        c.encoder = PluginRef.of("gin", Map.of("hidden", 16, "layers", 2));
        c.objectives = List.of(PluginRef.of("attribute-masking"), PluginRef.of("edge-prediction"),
                PluginRef.of("motif", Map.of("minCount", 3)), PluginRef.of("descriptors"), PluginRef.of("graph-contrastive"));
        c.levelI.batchSize = 16;
        c.levelI.optimizer = OptimizerConfig.adam(0.003);
        c.levelII.batchSize = 16;
        c.levelII.optimizer = OptimizerConfig.adam(0.003);
        c.levelIII.strategyI = PluginRef.of("cg", Map.of("iterations", 2, "damping", 1.0));
        c.levelIII.validationBatchSize = 32;
        return c;
    }

    @Test
    void aTapWeightRunOnBbbpRecordsTheWeightTrajectory(@TempDir Path tmp) throws Exception {
        RunDriver driver = TapWeightModule.driver(config(Mode.TAPWEIGHT), tmp);
        RunDriver.Summary s = driver.run(false, null, -1);
        assertThat(s.validation()).containsKey("roc_auc");
        assertThat(s.validation().get("roc_auc")).isBetween(0.0, 1.0);
        List<JsonNode> steps = RunRecord.read(driver.recordFile()).stream()
                .filter(e -> e.path("type").asText().equals("step")).toList();
        assertThat(steps).hasSize(6);
        for (JsonNode step : steps) {
            assertThat(step.path("weights").size()).isEqualTo(5);
            assertThat(step.path("hypergradient").size()).isEqualTo(5);
        }
        assertThat(steps.get(5).path("weights").get(0).asDouble()).isNotEqualTo(0.2);
        JsonNode start = RunRecord.read(driver.recordFile()).get(0);
        assertThat(start.path("dataChecksums").path("bbbp.csv").asText())
                .isEqualTo("a61e17872cbec0743a6147dc802a1f7550acfe8dc1053f881f4c42a3ce2dc597");
        assertThat(start.path("data").path("featurised").asInt()).isEqualTo(150);
        assertThat(start.path("data").path("skippedRows").isArray()).isTrue();
        assertThat(start.path("data").path("split").path("train").asInt()).isEqualTo(120);
        JsonNode motif = start.path("objectiveReports").path("motif");
        assertThat(motif.path("columns").size()).isPositive();
        assertThat(motif.path("corpusMolecules").asInt()).isEqualTo(120);
        assertThat(motif.path("moleculesWithoutLabels").asInt()).isBetween(0, 120);
        assertThat(start.path("objectiveReports").path("descriptors").path("columns").size()).isEqualTo(10);
    }

    @Test
    void pretrainingWritesAnEncoderThatAnotherRunStartsFrom(@TempDir Path tmp) throws Exception {
        RunConfig pre = config(Mode.PRETRAIN);
        pre.outerSteps = 3;
        RunDriver driver = TapWeightModule.driver(pre, tmp.resolve("pre"));
        driver.run(false, null, -1);
        INDArray trained = driver.encoderParameters().dup();
        Path file = tmp.resolve("encoder.zip");
        EncoderFile.save(file, pre.encoder, trained, Map.of("test", true));

        RunConfig run = config(Mode.FIXED);
        run.outerSteps = 0;
        run.initialEncoder = file.toString();
        RunDriver next = TapWeightModule.driver(run, tmp.resolve("run"));
        assertThat(next.encoderParameters().castTo(DataType.DOUBLE).equalsWithEps(trained.castTo(DataType.DOUBLE), 1e-12))
                .isTrue();

        RunConfig wrong = config(Mode.FIXED);
        wrong.encoder = PluginRef.of("gin", Map.of("hidden", 8, "layers", 2));
        wrong.initialEncoder = file.toString();
        assertThatThrownBy(() -> TapWeightModule.driver(wrong, tmp.resolve("wrong")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("make the run's encoder settings match");
    }
}
