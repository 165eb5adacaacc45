package org.tapweight.examples.size;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tapweight.api.model.Split;
import org.tapweight.api.plugin.ConfigurationException;
import org.tapweight.api.plugin.Settings;
import org.tapweight.core.config.Mode;
import org.tapweight.core.config.OptimizerConfig;
import org.tapweight.core.config.PluginRef;
import org.tapweight.core.config.RunConfig;
import org.tapweight.core.run.RunDriver;
import org.tapweight.testkit.PluginTestKit;

/** The example task under the framework's test kit: its head's gradient, its provider, its errors, and a short run. */
class MoleculeSizeTaskTest {

    /** ESOL's 1,128 molecules (bundled as delaney.csv; the surefire configuration points TAPWEIGHT_DATA at the data folder). */
    static final String ESOL = Path.of(System.getenv("TAPWEIGHT_DATA"), "moleculenet", "delaney.csv").toString();

    static RunConfig config() {
        return PluginTestKit.config(PluginRef.of("molecule-size", Map.of("file", ESOL)),
                PluginRef.of("gin", Map.of("hidden", 6, "layers", 2, "dropout", 0.1)), PluginRef.of("attribute-masking"));
    }

    @Test
    void itsHeadAndTheEncoderUnderItPassAGradientCheck() {
        PluginTestKit.checkTask(config()).assertAgrees(1e-6);
    }

    @Test
    void itsProviderIsWellFormedAndNamesAMissingFile(@TempDir Path dir) {
        PluginTestKit.checkProvider(new MoleculeSizeTaskProvider());
        RunConfig c = config();
        c.task = PluginRef.of("molecule-size", Map.of("file", "no-such.csv"));
        assertThatThrownBy(() -> PluginTestKit.run(c, dir)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("no readable file").hasMessageContaining("no-such.csv");
    }

    @Test
    void aShortRunBeatsPredictingTheTrainingMean(@TempDir Path dir) {
        RunConfig c = config();
        c.name = "size-short";
        c.mode = Mode.FINETUNE; // level II alone: direct training of encoder and head
        c.outerSteps = 400;
        c.encoder = PluginRef.of("gin", Map.of("hidden", 16, "layers", 2, "readout", "sum")); // a sum can count atoms
        c.levelI.batchSize = 32;
        c.levelII.batchSize = 32;
        c.levelII.optimizer = OptimizerConfig.adam(0.003);
        RunDriver.Summary s = PluginTestKit.run(c, dir);

        MoleculeSizeTask task = (MoleculeSizeTask) new MoleculeSizeTaskProvider().create(
                Settings.resolve("molecule-size", new MoleculeSizeTaskProvider().settings(), Map.of("file", ESOL)));
        double mean = java.util.Arrays.stream(task.data(Split.TRAIN).labels()).mapToDouble(r -> r[0]).average().orElseThrow();
        double baseline = Math.sqrt(java.util.Arrays.stream(task.data(Split.VALIDATION).labels())
                .mapToDouble(r -> (r[0] - mean) * (r[0] - mean)).average().orElseThrow());
        System.out.printf("validation RMSE %.2f atoms; predicting the training mean: %.2f%n", s.validation().get("rmse"), baseline);
        assertThat(s.validation()).containsKeys("rmse", "mae");
        assertThat(s.validation().get("rmse")).isLessThan(0.75 * baseline); // measured: 4.57 against 7.42
    }
}
