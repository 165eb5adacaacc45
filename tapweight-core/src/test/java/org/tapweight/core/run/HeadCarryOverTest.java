package org.tapweight.core.run;

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
import org.tapweight.core.config.LevelConfig;
import org.tapweight.core.config.Mode;
import org.tapweight.core.config.OptimizerConfig;
import org.tapweight.core.config.PluginRef;
import org.tapweight.core.config.RunConfig;
import org.tapweight.core.record.EncoderFile;
import org.tapweight.core.record.RunRecord;
import org.tapweight.core.wiring.TapWeightModule;

/**
 * Issue 11, must-show 4: a TAP run starts from the objective heads trained with its base encoder,
 * on the dense synthetic modality. Pretrain, save the encoder file with heads, start runs from it.
 */
class HeadCarryOverTest {

    private static final int PRETRAIN_STEPS = 400;

    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    static RunConfig config(Mode mode, long seed) {
        RunConfig c = new RunConfig();
        c.name = "heads-" + mode;
        c.seed = seed;
        c.mode = mode;
        c.outerSteps = 6;
        c.checkpointEvery = 3;
        c.task = PluginRef.of("synthetic-regression", Map.of("examples", 300, "features", 6));
        c.encoder = PluginRef.of("tanh-mlp", Map.of("hidden", 8));
        c.objectives = List.of(PluginRef.of("auxiliary-target", Map.of("column", 0)), PluginRef.of("masked-feature"));
        c.levelI = LevelConfig.of(1, 32, OptimizerConfig.adam(0.01));
        c.levelII = LevelConfig.of(1, 32, OptimizerConfig.adam(0.01));
        c.levelIII.strategyI = PluginRef.of("cg", Map.of("iterations", 3, "damping", 0.1));
        return c;
    }

    /** Pretrains (seed 3) and writes the encoder file with heads; returns the mean losses of the last 20 steps. */
    static double[] pretrain(Path dir, Path file) throws Exception {
        RunConfig pre = config(Mode.PRETRAIN, 3);
        pre.outerSteps = PRETRAIN_STEPS;
        pre.checkpointEvery = 0;
        RunDriver driver = TapWeightModule.driver(pre, dir);
        driver.run(false, null, -1);
        EncoderFile.save(file, pre.encoder, driver.encoderParameters(), driver.trainedHeads(), Map.of("test", true));
        List<JsonNode> steps = steps(driver.recordFile());
        double[] mean = new double[2];
        for (JsonNode s : steps.subList(steps.size() - 20, steps.size())) {
            for (int k = 0; k < 2; k++) {
                mean[k] += s.path("objectiveLosses").get(k).asDouble() / 20;
            }
        }
        return mean;
    }

    static double[] bits(INDArray a) {
        return a.castTo(DataType.DOUBLE).toDoubleVector();
    }

    static List<JsonNode> steps(Path record) throws Exception {
        return RunRecord.read(record).stream().filter(e -> e.path("type").asText().equals("step")).toList();
    }

    static List<JsonNode> events(Path record, String type) throws Exception {
        return RunRecord.read(record).stream().filter(e -> e.path("type").asText().equals(type)).toList();
    }

    static double[] firstStepLosses(Path record) throws Exception {
        JsonNode losses = steps(record).get(0).path("objectiveLosses");
        return new double[] {losses.get(0).asDouble(), losses.get(1).asDouble()};
    }

    /** The same encoder without heads, as files were written before heads were kept (format 1). */
    static Path encoderOnly(Path withHeads, Path target, PluginRef encoder) throws Exception {
        EncoderFile.save(target, encoder, EncoderFile.load(withHeads, encoder), Map.of("test", true));
        return target;
    }

    @Test
    void aTapRunStartsWithThePretrainedHeadsAndNotWithRandomOnes(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("encoder.zip");
        double[] base = pretrain(tmp.resolve("pre"), file);

        RunConfig tap = config(Mode.TAPWEIGHT, 11);
        tap.initialEncoder = file.toString();
        RunDriver run = TapWeightModule.driver(tap, tmp.resolve("tap"));
        run.run(false, null, -1);
        double[] carried = firstStepLosses(run.recordFile());

        // Control: the same encoder without heads and no warm-up, i.e. how TAP runs started before.
        RunConfig control = config(Mode.TAPWEIGHT, 11);
        control.initialEncoder = encoderOnly(file, tmp.resolve("encoder-only.zip"), control.encoder).toString();
        control.headWarmupSteps = 0;
        RunDriver cold = TapWeightModule.driver(control, tmp.resolve("control"));
        cold.run(false, null, -1);
        double[] random = firstStepLosses(cold.recordFile());

        // auxiliary-target is predictable: a trained head is far better than a random one.
        assertThat(carried[0]).as("auxiliary-target: first TAP loss vs end of pretraining %s", base[0])
                .isBetween(base[0] / 4, 4 * base[0]);
        assertThat(random[0]).as("auxiliary-target: random head's first loss vs the carried head's %s", carried[0])
                .isGreaterThan(20 * carried[0]);
        // masked-feature on independent synthetic features is mostly irreducible: near, and still below random.
        assertThat(carried[1]).as("masked-feature: first TAP loss vs end of pretraining %s", base[1])
                .isBetween(0.8 * base[1], 1.25 * base[1]);
        assertThat(random[1]).isGreaterThan(carried[1]);
        JsonNode heads = RunRecord.read(run.recordFile()).get(0).path("heads");
        assertThat(heads.path("loaded")).extracting(JsonNode::asText).containsExactly("auxiliary-target", "masked-feature");
        assertThat(heads.path("initialised")).isEmpty();
        assertThat(heads.path("warmupSteps").asInt()).isZero();
        assertThat(events(run.recordFile(), "headWarmup")).isEmpty();
        JsonNode coldHeads = RunRecord.read(cold.recordFile()).get(0);
        assertThat(coldHeads.path("heads").path("initialised")).hasSize(2);
        assertThat(coldHeads.path("headsNotLoaded").path("masked-feature").asText()).contains("holds no objective heads");
    }

    @Test
    void everyModeWithLevelIStartsFromTheHeads(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("encoder.zip");
        pretrain(tmp.resolve("pre"), file);
        List<EncoderFile.StoredHead> stored = EncoderFile.read(file, config(Mode.FIXED, 1).encoder).heads();
        for (Mode mode : List.of(Mode.FIXED, Mode.BILEVEL, Mode.PRETRAIN, Mode.TAPWEIGHT)) {
            RunConfig c = config(mode, 5);
            c.outerSteps = 0;
            c.initialEncoder = file.toString();
            RunDriver d = TapWeightModule.driver(c, tmp.resolve(mode.name()));
            List<EncoderFile.StoredHead> heads = d.trainedHeads();
            for (int k = 0; k < 2; k++) {
                assertThat(bits(heads.get(k).parameters())).as(mode + " head " + k).containsExactly(bits(stored.get(k).parameters()));
            }
        }
    }

    @Test
    void aHeadWithOtherSettingsIsNotLoadedButWarmedUpWithEverythingElseFrozen(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("encoder.zip");
        pretrain(tmp.resolve("pre"), file);
        PluginRef encoder = config(Mode.FIXED, 1).encoder;
        EncoderFile.Contents contents = EncoderFile.read(file, encoder);

        RunConfig c = config(Mode.FIXED, 11);
        c.objectives = List.of(PluginRef.of("masked-feature"), PluginRef.of("auxiliary-target", Map.of("column", 1)));
        c.initialEncoder = file.toString();
        c.headWarmupSteps = 60;
        c.outerSteps = 0;
        RunDriver warm = TapWeightModule.driver(c, tmp.resolve("warm"));
        List<EncoderFile.StoredHead> before = warm.trainedHeads();
        warm.run(false, null, -1);
        List<EncoderFile.StoredHead> after = warm.trainedHeads();

        // Frozen bit for bit: the encoder and the carried-over head; the other head moved.
        assertThat(bits(warm.encoderParameters())).containsExactly(bits(contents.encoder()));
        assertThat(bits(after.get(0).parameters())).containsExactly(bits(contents.heads().get(1).parameters()));
        assertThat(bits(before.get(1).parameters())).isNotEqualTo(bits(contents.heads().get(0).parameters()));
        assertThat(bits(after.get(1).parameters())).isNotEqualTo(bits(before.get(1).parameters()));

        JsonNode start = RunRecord.read(warm.recordFile()).get(0);
        assertThat(start.path("heads").path("loaded")).extracting(JsonNode::asText).containsExactly("masked-feature");
        assertThat(start.path("heads").path("initialised")).extracting(JsonNode::asText).containsExactly("auxiliary-target");
        assertThat(start.path("heads").path("warmupSteps").asInt()).isEqualTo(60);
        assertThat(start.path("headsNotLoaded").path("auxiliary-target").asText())
                .contains("settings {column=0} in the file, {column=1} in this run");
        JsonNode w = events(warm.recordFile(), "headWarmup").get(0);
        assertThat(w.path("warmed")).extracting(JsonNode::asText).containsExactly("auxiliary-target");
        assertThat(w.path("lastLosses").get(1).asDouble()).isLessThan(0.5 * w.path("firstLosses").get(1).asDouble());

        // The warmed head starts the run lower than a head left at its seeded initialisation.
        c.outerSteps = 1;
        RunDriver warmed = TapWeightModule.driver(c, tmp.resolve("warm-run"));
        warmed.run(false, null, -1);
        RunConfig cold = config(Mode.FIXED, 11);
        cold.objectives = c.objectives;
        cold.initialEncoder = file.toString();
        cold.headWarmupSteps = 0;
        cold.outerSteps = 1;
        RunDriver unwarmed = TapWeightModule.driver(cold, tmp.resolve("cold-run"));
        unwarmed.run(false, null, -1);
        assertThat(firstStepLosses(warmed.recordFile())[1]).isLessThan(0.75 * firstStepLosses(unwarmed.recordFile())[1]);
        assertThat(firstStepLosses(warmed.recordFile())[0]).isEqualTo(firstStepLosses(unwarmed.recordFile())[0]);
        assertThat(RunRecord.read(unwarmed.recordFile()).get(0).path("heads").path("warmupSteps").asInt()).isZero();
    }

    @Test
    void aResumedRunDoesNotWarmUpAgainAndEndsAsAnUninterruptedOne(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("encoder.zip");
        pretrain(tmp.resolve("pre"), file);
        RunConfig c = config(Mode.TAPWEIGHT, 11);
        c.objectives = List.of(PluginRef.of("auxiliary-target", Map.of("column", 0)),
                PluginRef.of("auxiliary-target", Map.of("column", 1)).named("aux-1"));
        c.initialEncoder = file.toString();
        c.headWarmupSteps = 20;
        c.outerSteps = 8;
        c.checkpointEvery = 3;
        RunDriver whole = TapWeightModule.driver(c, tmp.resolve("whole"));
        RunDriver.Summary expected = whole.run(false, null, -1);

        assertThat(TapWeightModule.driver(c, tmp.resolve("split")).run(false, null, 4)).isNull(); // checkpoint at 3
        RunDriver second = TapWeightModule.driver(c, tmp.resolve("split"));
        RunDriver.Summary resumed = second.run(true, null, -1);

        assertThat(resumed.resumed()).isTrue();
        assertThat(resumed.weights()).containsExactly(expected.weights());
        assertThat(bits(second.encoderParameters())).containsExactly(bits(whole.encoderParameters()));
        assertThat(bits(second.trainedHeads().get(1).parameters())).containsExactly(bits(whole.trainedHeads().get(1).parameters()));
        assertThat(events(second.recordFile(), "headWarmup")).hasSize(1);
        assertThat(events(second.recordFile(), "start")).hasSize(1);
    }

    @Test
    void withoutAnInitialEncoderNothingIsLoadedOrWarmedUp(@TempDir Path tmp) throws Exception {
        RunDriver d = TapWeightModule.driver(config(Mode.TAPWEIGHT, 11), tmp);
        d.run(false, null, 2);
        JsonNode start = RunRecord.read(d.recordFile()).get(0);
        assertThat(start.path("heads").path("initialised")).hasSize(2);
        assertThat(start.path("heads").path("warmupSteps").asInt()).isZero();
        assertThat(start.has("headsNotLoaded")).isFalse();
        assertThat(events(d.recordFile(), "headWarmup")).isEmpty();
    }

    @Test
    void anUnsetWarmUpLeavesTheConfigFingerprintAsItWasAndANegativeOneIsRefused() {
        RunConfig c = config(Mode.TAPWEIGHT, 1);
        assertThat(c.toJson()).doesNotContain("headWarmupSteps");
        assertThat(c.headWarmupStepsOrDefault()).isEqualTo(RunConfig.DEFAULT_HEAD_WARMUP_STEPS);
        RunConfig set = config(Mode.TAPWEIGHT, 1);
        set.headWarmupSteps = 7;
        assertThat(Provenance.fingerprint(set)).isNotEqualTo(Provenance.fingerprint(c));
        set.headWarmupSteps = -1;
        assertThatThrownBy(set::validate).hasMessageContaining("headWarmupSteps must be >= 0");
    }
}
