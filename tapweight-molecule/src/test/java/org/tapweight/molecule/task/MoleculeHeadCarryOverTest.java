package org.tapweight.molecule.task;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.tapweight.core.config.Mode;
import org.tapweight.core.config.PluginRef;
import org.tapweight.core.config.RunConfig;
import org.tapweight.core.record.EncoderFile;
import org.tapweight.core.record.RunRecord;
import org.tapweight.core.run.RunDriver;
import org.tapweight.core.wiring.TapWeightModule;

/**
 * Issue 11, must-show 4 on molecules: a TAP run from a pretrained GIN starts with the five trained
 * heads, so its first objective losses are those the pretraining ended with, not a random head's.
 */
class MoleculeHeadCarryOverTest {

    private static final int PRETRAIN_STEPS = 80;

    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    static List<JsonNode> steps(Path record) throws Exception {
        return RunRecord.read(record).stream().filter(e -> e.path("type").asText().equals("step")).toList();
    }

    static double[] losses(JsonNode step) {
        double[] out = new double[step.path("objectiveLosses").size()];
        for (int k = 0; k < out.length; k++) {
            out[k] = step.path("objectiveLosses").get(k).asDouble();
        }
        return out;
    }

    @Test
    void aTapRunFromAPretrainedGinStartsAtThePretrainingsLossesAndWarmsUpOnlyUnmatchedHeads(@TempDir Path tmp)
            throws Exception {
        RunConfig pre = MoleculeRunTest.config(Mode.PRETRAIN);
        pre.outerSteps = PRETRAIN_STEPS;
        pre.checkpointEvery = 0;
        RunDriver pretrain = TapWeightModule.driver(pre, tmp.resolve("pre"));
        pretrain.run(false, null, -1);
        Path file = tmp.resolve("encoder.zip");
        EncoderFile.save(file, pre.encoder, pretrain.encoderParameters(), pretrain.trainedHeads(), Map.of());
        List<JsonNode> preSteps = steps(pretrain.recordFile());
        double[] base = new double[5];
        for (JsonNode s : preSteps.subList(preSteps.size() - 10, preSteps.size())) {
            double[] l = losses(s);
            for (int k = 0; k < 5; k++) {
                base[k] += l[k] / 10;
            }
        }

        RunConfig tap = MoleculeRunTest.config(Mode.TAPWEIGHT);
        tap.seed = 9;
        tap.outerSteps = 1;
        tap.initialEncoder = file.toString();
        RunDriver run = TapWeightModule.driver(tap, tmp.resolve("tap"));
        run.run(false, null, -1);
        double[] carried = losses(steps(run.recordFile()).get(0));

        RunConfig control = MoleculeRunTest.config(Mode.TAPWEIGHT);
        control.seed = 9;
        control.outerSteps = 1;
        Path encoderOnly = tmp.resolve("encoder-only.zip");
        EncoderFile.save(encoderOnly, pre.encoder, EncoderFile.load(file, pre.encoder), Map.of());
        control.initialEncoder = encoderOnly.toString();
        control.headWarmupSteps = 0;
        RunDriver cold = TapWeightModule.driver(control, tmp.resolve("control"));
        cold.run(false, null, -1);
        double[] random = losses(steps(cold.recordFile()).get(0));

        JsonNode start = RunRecord.read(run.recordFile()).get(0);
        List<String> loaded = new ArrayList<>();
        start.path("heads").path("loaded").forEach(n -> loaded.add(n.asText()));
        assertThat(loaded).containsExactly("attribute-masking", "edge-prediction", "motif", "descriptors", "graph-contrastive");
        double carriedSum = 0;
        double baseSum = 0;
        double randomSum = 0;
        for (int k = 0; k < 5; k++) {
            assertThat(carried[k]).as("objective %d: first TAP loss vs the end of pretraining", k)
                    .isBetween(0.5 * base[k], 2 * base[k]);
            assertThat(random[k]).as("objective %d: a random head's first loss vs the carried head's", k)
                    .isGreaterThan(carried[k]);
            carriedSum += carried[k];
            baseSum += base[k];
            randomSum += random[k];
        }
        assertThat(carriedSum).isBetween(0.8 * baseSum, 1.25 * baseSum);
        assertThat(randomSum).isGreaterThan(1.5 * carriedSum);
        assertThat(random[0]).as("attribute-masking").isGreaterThan(2 * carried[0]);

        // On another corpus the motif vocabulary differs: that head is not carried over but warmed up.
        RunConfig other = MoleculeRunTest.config(Mode.FIXED);
        // random split: the scaffold split of these 150 puts only class 1 into validation (ROC-AUC undefined)
        other.task = PluginRef.of("moleculenet", Map.of("dataset", "bace", "limit", 150, "split", "random"));
        other.outerSteps = 0;
        other.headWarmupSteps = 5;
        other.initialEncoder = file.toString();
        RunDriver bace = TapWeightModule.driver(other, tmp.resolve("bace"));
        bace.run(false, null, -1);
        JsonNode baceStart = RunRecord.read(bace.recordFile()).get(0);
        JsonNode preStart = RunRecord.read(pretrain.recordFile()).get(0);
        assertThat(baceStart.path("objectiveReports").path("motif").path("columns"))
                .isNotEqualTo(preStart.path("objectiveReports").path("motif").path("columns"));
        assertThat(baceStart.path("objectiveReports").path("descriptors").path("columns"))
                .isEqualTo(preStart.path("objectiveReports").path("descriptors").path("columns"));
        List<String> initialised = new ArrayList<>();
        baceStart.path("heads").path("initialised").forEach(n -> initialised.add(n.asText()));
        assertThat(initialised).containsExactly("motif");
        assertThat(baceStart.path("headsNotLoaded").path("motif").asText()).contains("signature (columns) differs");
        JsonNode warmup = RunRecord.read(bace.recordFile()).stream()
                .filter(e -> e.path("type").asText().equals("headWarmup")).findFirst().orElseThrow();
        assertThat(warmup.path("steps").asInt()).isEqualTo(5);
        assertThat(warmup.path("warmed").get(0).asText()).isEqualTo("motif");
    }
}
