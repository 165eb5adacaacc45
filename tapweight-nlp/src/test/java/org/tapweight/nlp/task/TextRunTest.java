package org.tapweight.nlp.task;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.tapweight.core.config.Mode;
import org.tapweight.core.config.OptimizerConfig;
import org.tapweight.core.config.PluginRef;
import org.tapweight.core.config.RunConfig;
import org.tapweight.core.record.EncoderFile;
import org.tapweight.core.record.RunRecord;
import org.tapweight.core.run.RunDriver;
import org.tapweight.core.wiring.TapWeightModule;

/** Text runs end to end on small slices through the real engine: TapWeight on SST-2 and STS-B, pretraining on Brown. */
class TextRunTest {

    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    static RunConfig config(Mode mode, String dataset) {
        RunConfig c = new RunConfig();
        c.name = dataset + "-small";
        c.mode = mode;
        c.outerSteps = 4;
        c.checkpointEvery = 2;
        c.task = PluginRef.of("glue", Map.of("dataset", dataset, "limit", 120, "maxLength", 32));
        c.encoder = PluginRef.of("transformer", Map.of("hidden", 16, "layers", 1, "heads", 2, "feedForward", 32, "maxLength", 32));
        c.objectives = List.of(PluginRef.of("mlm"), PluginRef.of("simcse"), PluginRef.of("sop"));
        c.levelI.batchSize = 8;
        c.levelI.optimizer = OptimizerConfig.adam(0.003);
        c.levelII.batchSize = 8;
        c.levelII.optimizer = OptimizerConfig.adam(0.003);
        c.levelIII.strategyI = PluginRef.of("cg", Map.of("iterations", 2, "damping", 1.0));
        c.levelIII.validationBatchSize = 12;
        return c;
    }

    @Test
    void aTapWeightRunOnSst2RecordsWeightsAndMetrics(@TempDir Path tmp) throws Exception {
        RunDriver driver = TapWeightModule.driver(config(Mode.TAPWEIGHT, "sst2"), tmp);
        RunDriver.Summary s = driver.run(false, null, -1);
        assertThat(s.validation()).containsKeys("accuracy", "f1", "mcc");
        assertThat(s.test().get("accuracy")).isBetween(0.0, 1.0);
        List<JsonNode> events = RunRecord.read(driver.recordFile());
        List<JsonNode> steps = events.stream().filter(e -> e.path("type").asText().equals("step")).toList();
        assertThat(steps).hasSize(4);
        for (JsonNode step : steps) {
            assertThat(step.path("weights").size()).isEqualTo(3);
            assertThat(step.path("hypergradient").size()).isEqualTo(3);
            for (JsonNode loss : step.path("objectiveLosses")) {
                assertThat(loss.asDouble()).isFinite().isPositive();
            }
        }
        assertThat(steps.get(3).path("weights").get(0).asDouble()).isNotEqualTo(1.0 / 3);
        JsonNode start = events.get(0);
        assertThat(start.path("dataChecksums").has("glue/SST-2/train.tsv")).isTrue();
        assertThat(start.path("dataChecksums").has("tokenizer.json")).isTrue();
        assertThat(start.path("data").path("train").asInt()).isEqualTo(108);
        assertThat(start.path("objectiveReports").path("mlm").path("vocabulary").asInt()).isEqualTo(8000);
    }

    @Test
    void anEncoderShorterThanTheTasksInputsIsRefused(@TempDir Path tmp) {
        RunConfig c = config(Mode.FIXED, "sst2");
        c.encoder = PluginRef.of("transformer", Map.of("hidden", 16, "layers", 1, "heads", 2, "feedForward", 32, "maxLength", 16));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TapWeightModule.driver(c, tmp))
                .isInstanceOf(org.tapweight.api.plugin.ConfigurationException.class).hasMessageContaining("up to 32 tokens but the encoder's maxLength is 16");
    }

    @Test
    void stsbIsARegressionWithPearsonAndSpearman(@TempDir Path tmp) throws Exception {
        RunConfig c = config(Mode.FIXED, "stsb");
        c.outerSteps = 2;
        RunDriver.Summary s = TapWeightModule.driver(c, tmp).run(false, null, -1);
        assertThat(s.validation()).containsKeys("pearson", "spearman", "rmse");
        assertThat(s.validation().get("pearson")).isBetween(-1.0, 1.0);
    }

    @Test
    void pretrainingOnBrownWritesAnEncoderThatAGlueRunStartsFrom(@TempDir Path tmp) throws Exception {
        RunConfig pre = config(Mode.PRETRAIN, "sst2");
        pre.task = PluginRef.of("text-corpus", Map.of("maxSentences", 200, "maxLength", 32));
        pre.outerSteps = 3;
        RunDriver driver = TapWeightModule.driver(pre, tmp.resolve("pre"));
        driver.run(false, null, -1);
        INDArray trained = driver.encoderParameters().dup();
        Path file = tmp.resolve("encoder.zip");
        EncoderFile.save(file, pre.encoder, trained, driver.trainedHeads(), Map.of("test", true));
        RunConfig run = config(Mode.FIXED, "sst2");
        run.outerSteps = 0;
        run.initialEncoder = file.toString();
        RunDriver next = TapWeightModule.driver(run, tmp.resolve("run"));
        assertThat(next.encoderParameters().castTo(DataType.DOUBLE).equalsWithEps(trained.castTo(DataType.DOUBLE), 1e-12)).isTrue();

        // Brown and SST-2 share the tokenizer: every head (the MLM decoder included) is carried over.
        next.run(false, null, -1);
        JsonNode heads = RunRecord.read(next.recordFile()).get(0).path("heads");
        assertThat(heads.path("initialised")).isEmpty();
        assertThat(heads.path("loaded")).hasSize(run.objectives.size());
        List<EncoderFile.StoredHead> stored = EncoderFile.read(file, pre.encoder).heads();
        EncoderFile.StoredHead mlm = stored.stream().filter(h -> h.identity().objective().equals("mlm")).findFirst().orElseThrow();
        assertThat(mlm.identity().signature()).containsKeys("vocabulary", "vocabularySha256");
    }
}
