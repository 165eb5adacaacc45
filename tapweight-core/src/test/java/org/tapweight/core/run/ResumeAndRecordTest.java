package org.tapweight.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.tapweight.core.config.OptimizerConfig;
import org.tapweight.core.config.PluginRef;
import org.tapweight.core.config.RunConfig;
import org.tapweight.core.record.Checkpoint;
import org.tapweight.core.record.RunRecord;
import org.tapweight.core.wiring.TapWeightModule;

/** Must-show 5 (resume gives the same weights) and the run record's contents. */
class ResumeAndRecordTest {

    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    /** A small dense run with a stochastic objective, Adam on every level and warm-started CG. */
    static RunConfig config() {
        RunConfig c = new RunConfig();
        c.name = "resume-test";
        c.seed = 17;
        c.outerSteps = 24;
        c.checkpointEvery = 5;
        c.task = PluginRef.of("synthetic-regression", Map.of("examples", 120, "features", 5));
        c.encoder = PluginRef.of("tanh-mlp", Map.of("hidden", 4));
        c.objectives = List.of(PluginRef.of("auxiliary-target", Map.of("column", 0)), PluginRef.of("masked-feature"));
        c.levelI = org.tapweight.core.config.LevelConfig.of(2, 16, OptimizerConfig.adam(0.01));
        c.levelII = org.tapweight.core.config.LevelConfig.of(1, 16, OptimizerConfig.momentum(0.05, 0.9));
        c.levelIII.strategyI = PluginRef.of("cg", Map.of("iterations", 3, "damping", 0.1));
        c.levelIII.interval = 2;
        c.levelIII.warmStart = true;
        return c;
    }

    /**
     * A bench resumed in a new JVM rebuilt a cell's strategy settings with Map.of, whose iteration order
     * differs between JVMs, and the checkpoint was refused as "a different config".
     */
    @Test
    void theFingerprintIgnoresTheOrderOfSettingsButNotTheirValues() {
        RunConfig a = config();
        RunConfig b = config();
        Map<String, Object> forward = new java.util.LinkedHashMap<>();
        forward.put("iterations", 3);
        forward.put("damping", 0.1);
        Map<String, Object> backward = new java.util.LinkedHashMap<>();
        backward.put("damping", 0.1);
        backward.put("iterations", 3);
        a.levelIII.strategyI = PluginRef.of("cg", forward);
        b.levelIII.strategyI = PluginRef.of("cg", backward);
        assertThat(a.toJson()).isNotEqualTo(b.toJson());
        assertThat(Provenance.fingerprint(a)).isEqualTo(Provenance.fingerprint(b));

        RunConfig c = config();
        Map<String, Object> other = new java.util.LinkedHashMap<>(forward);
        other.put("damping", 0.2);
        c.levelIII.strategyI = PluginRef.of("cg", other);
        assertThat(Provenance.fingerprint(c)).isNotEqualTo(Provenance.fingerprint(a));
        RunConfig longer = config();
        longer.outerSteps = 99;
        assertThat(Provenance.fingerprint(longer)).isEqualTo(Provenance.fingerprint(a));
    }

    @Test
    void aCheckpointTakenButNotYetKeptWaitsInAFileThatAStopRemoves(@TempDir Path tmp) throws Exception {
        RunConfig c = config();
        c.checkpointEvery = 5;
        Path pending = tmp.resolve("." + Checkpoint.FILE_NAME + ".pending");
        java.util.Set<String> written = java.util.concurrent.ConcurrentHashMap.newKeySet();
        org.tapweight.core.record.AtomicFiles.setInterruptionPointForTests(target -> written.add(target.getFileName().toString()));
        RunDriver driver = TapWeightModule.driver(c, tmp);
        try {
            assertThat(driver.run(false, null, 10)).isNull(); // stopped right after step 10's checkpoint was taken
        } finally {
            org.tapweight.core.record.AtomicFiles.setInterruptionPointForTests(target -> { });
        }
        assertThat(written).contains(pending.getFileName().toString()).doesNotContain(Checkpoint.FILE_NAME);
        assertThat(Checkpoint.step(driver.checkpointFile())).isEqualTo(5); // step 10's was taken, never kept
        assertThat(pending).doesNotExist();
    }

    @Test
    void aRunStoppedMidwayAndResumedEndsWithTheSameWeightsAsAnUninterruptedOne(@TempDir Path tmp) throws Exception {
        RunDriver whole = TapWeightModule.driver(config(), tmp.resolve("whole"));
        RunDriver.Summary expected = whole.run(false, null, -1);

        RunDriver first = TapWeightModule.driver(config(), tmp.resolve("split"));
        assertThat(first.run(false, null, 13)).isNull(); // interrupted after 13 steps; last checkpoint at 10
        RunDriver second = TapWeightModule.driver(config(), tmp.resolve("split"));
        RunDriver.Summary resumed = second.run(true, null, -1);

        assertThat(resumed.resumed()).isTrue();
        assertThat(resumed.weights()).containsExactly(expected.weights());
        assertThat(resumed.validation()).isEqualTo(expected.validation());
        assertThat(expected.weights()[0]).isNotEqualTo(0.5); // the weights did move

        List<JsonNode> events = RunRecord.read(second.recordFile());
        List<Integer> steps = events.stream().filter(e -> e.path("type").asText().equals("step"))
                .map(e -> e.path("step").asInt()).toList();
        assertThat(steps).containsExactlyElementsOf(java.util.stream.IntStream.range(0, 24).boxed().toList());
        assertThat(events.stream().filter(e -> e.path("type").asText().equals("resume")).findFirst().orElseThrow()
                .path("fromStep").asInt()).isEqualTo(10);
    }

    @Test
    void theRecordHoldsConfigSeedsVersionsStepsAndResults(@TempDir Path tmp) throws Exception {
        RunDriver driver = TapWeightModule.driver(config(), tmp);
        driver.run(false, null, -1);
        List<JsonNode> events = RunRecord.read(driver.recordFile());
        JsonNode start = events.get(0);
        assertThat(start.path("type").asText()).isEqualTo("start");
        assertThat(start.path("seed").asLong()).isEqualTo(17);
        assertThat(start.path("config").path("levelIII").path("strategyI").path("id").asText()).isEqualTo("cg");
        assertThat(start.path("environment").path("tapweight").asText()).isEqualTo("0.1.0-SNAPSHOT");
        assertThat(start.path("schema").asInt()).isEqualTo(org.tapweight.core.record.RecordSchema.VERSION);
        JsonNode masked = null;
        for (JsonNode p : start.path("plugins")) {
            masked = p.path("role").asText().equals("objective masked-feature") ? p : masked;
        }
        assertThat(masked.path("provider").asText()).contains("MaskedFeatureObjective");
        assertThat(masked.path("version").asText()).isNotEmpty();
        assertThat(masked.path("settings").has("maskRate")).as("resolved settings, defaults included").isTrue();
        JsonNode step = events.get(2);
        assertThat(step.path("type").asText()).isEqualTo("step");
        assertThat(step.path("weights").size()).isEqualTo(2);
        assertThat(step.path("hypergradient").size()).isEqualTo(2); // interval 2: step 1 updates lambda
        assertThat(step.path("hvpsI").asInt()).isBetween(1, 4);
        // a damped solve's two residuals and its damping are in the record (cg with damping 0.1 here)
        assertThat(step.path("dampingI").asDouble()).isEqualTo(0.1);
        assertThat(step.path("residualI").isNumber()).isTrue();
        assertThat(step.path("undampedResidualI").isNumber()).isTrue();
        assertThat(step.path("undampedResidualI").asDouble()).isNotEqualTo(step.path("residualI").asDouble());
        JsonNode end = events.get(events.size() - 1);
        assertThat(end.path("type").asText()).isEqualTo("end");
        assertThat(end.path("test").path("rmse").asDouble()).isPositive();
        assertThat(Files.readString(tmp.resolve(RunDriver.RESULTS_FILE))).contains("\"validation\"");
    }

    @Test
    void aFreshRunRefusesAnOutputFolderThatHoldsAnotherRun(@TempDir Path tmp) {
        TapWeightModule.driver(config(), tmp).run(false, null, 3);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TapWeightModule.driver(config(), tmp).run(false, null, -1))
                .hasMessageContaining("resume the run (--resume), or choose another output folder");
    }

    @Test
    void resumingWithADifferentConfigIsRefused(@TempDir Path tmp) {
        TapWeightModule.driver(config(), tmp).run(false, null, 6);
        RunConfig changed = config();
        changed.gamma = 2.0;
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TapWeightModule.driver(changed, tmp).run(true, null, -1))
                .hasMessageContaining("different config");
    }


    /** GradNorm reads each objective's first loss, which the checkpoint must carry across a resume. */
    @Test
    void aBalancedRunResumedMidwayEndsWithTheSameWeightsAsAnUninterruptedOne(@TempDir Path tmp) throws Exception {
        java.util.function.Supplier<RunConfig> balanced = () -> {
            RunConfig c = config();
            c.mode = org.tapweight.core.config.Mode.BALANCED;
            c.balancer = PluginRef.of("gradnorm");
            return c;
        };
        RunDriver.Summary expected = TapWeightModule.driver(balanced.get(), tmp.resolve("whole")).run(false, null, -1);
        assertThat(TapWeightModule.driver(balanced.get(), tmp.resolve("split")).run(false, null, 13)).isNull();
        RunDriver.Summary resumed = TapWeightModule.driver(balanced.get(), tmp.resolve("split")).run(true, null, -1);
        assertThat(resumed.resumed()).isTrue();
        assertThat(resumed.weights()).containsExactly(expected.weights());
        assertThat(expected.weights()[0]).isNotEqualTo(0.5);
    }
}
