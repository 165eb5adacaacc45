package org.tapweight.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tapweight.api.plugin.ConfigurationException;
import org.tapweight.core.run.RunDriver;
import org.tapweight.core.wiring.TapWeightModule;

/** The Java facade runs a config file as the command line does, and equals the driver it wraps. */
class TapWeightRunTest {

    static final Path CONFIG = Path.of("..", "examples", "synthetic-tapweight.yaml");

    @Test
    void aConfigFileWithOverridesRunsAndReportsEachStep(@TempDir Path tmp) {
        List<Integer> steps = new ArrayList<>();
        RunDriver.Summary s = TapWeightRun.of(CONFIG).set("outerSteps", "6").set("levelIII.interval", "2")
                .outputDir(tmp.resolve("facade")).onStep((r, e) -> steps.add(r.step())).run();
        assertThat(steps).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(s.steps()).isEqualTo(6);
        assertThat(Files.exists(tmp.resolve("facade").resolve("run-record.jsonl"))).isTrue();

        // The same run through the driver directly gives the same weights.
        RunDriver.Summary direct = TapWeightModule.driver(TapWeightRun.of(CONFIG).set("outerSteps", "6")
                .set("levelIII.interval", "2").config(), tmp.resolve("direct")).run(false, null, -1);
        assertThat(s.weights()).containsExactly(direct.weights());

        // Resuming a finished run continues from its last checkpoint and changes nothing.
        RunDriver.Summary resumed = TapWeightRun.of(CONFIG).set("outerSteps", "6").set("levelIII.interval", "2")
                .outputDir(tmp.resolve("facade")).resume().run();
        assertThat(resumed.weights()).containsExactly(s.weights());
    }

    @Test
    void aWrongOverrideIsAConfigurationError(@TempDir Path tmp) {
        assertThatThrownBy(() -> TapWeightRun.of(CONFIG).set("levelIII.strategyI.id", "newton").outputDir(tmp).run())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("newton");
    }
}
