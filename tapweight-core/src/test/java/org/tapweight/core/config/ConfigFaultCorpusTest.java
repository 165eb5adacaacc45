package org.tapweight.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tapweight.api.plugin.ConfigurationException;
import org.tapweight.api.plugin.SettingSpec;
import org.tapweight.api.plugin.Settings;

/** Numbers too large for their field (issue 12's fault probe): reported as written, never wrapped around. */
class ConfigFaultCorpusTest {

    private static RunConfig yaml(String text) {
        return RunConfig.parse("test.yaml", text, true, Map.of());
    }

    @Test
    void aWholeNumberFieldThatOverflowsNamesFileLineFieldAndTheValueAsWritten() {
        assertThatThrownBy(() -> yaml("name: x\nouterSteps: 3000000000\n")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("test.yaml, line 2").hasMessageContaining("outerSteps")
                .hasMessageContaining("3000000000").hasMessageContaining("2147483647")
                .hasMessageNotContaining("-1294967296");
        assertThatThrownBy(() -> yaml("levelI: {batchSize: -3000000000}\n")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("levelI.batchSize").hasMessageContaining("-3000000000");
        assertThatThrownBy(() -> yaml("seed: 99999999999999999999\n")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("seed").hasMessageContaining("99999999999999999999");
    }

    @Test
    void anOverrideThatOverflowsNamesTheField() {
        assertThatThrownBy(() -> RunConfig.parse("test.yaml", "name: x\n", true, Map.of("headWarmupSteps", "3000000000")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("headWarmupSteps")
                .hasMessageContaining("3000000000");
    }

    @Test
    void aPluginSettingThatOverflowsIsReportedAsWritten() {
        RunConfig c = yaml("encoder: {id: transformer, settings: {hidden: 3000000000}}\n");
        List<SettingSpec> specs = List.of(SettingSpec.ofInt("hidden", 128, "width"));
        assertThatThrownBy(() -> Settings.resolve("encoder 'transformer'", specs, c.encoder.settings))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("encoder 'transformer': setting 'hidden': 3000000000 does not fit a whole number")
                .hasMessageContaining("largest 2147483647").hasMessageNotContaining("-1294967296");
        assertThat(Settings.resolve("e", specs, Map.of("hidden", 2147483647L)).getInt("hidden")).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void aConfigFileIsReadLikeADataFile(@TempDir Path dir) throws IOException {
        Path json = Files.writeString(dir.resolve("c.json"), "\uFEFF{\"name\": \"bom\", \"outerSteps\": 3}\n");
        assertThat(RunConfig.read(json).name).isEqualTo("bom");
        Path latin1 = Files.write(dir.resolve("c.yaml"), "name: x\nobjectives: [{id: caf\u00e9}]\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> RunConfig.read(latin1)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("c.yaml, line 2, byte 22").hasMessageContaining("not valid UTF-8");
        assertThatThrownBy(() -> RunConfig.read(dir.resolve("none.yaml"))).isInstanceOf(ConfigurationException.class)
                .hasMessage("no such file or folder: " + dir.resolve("none.yaml"));
        Path yaml = Files.writeString(dir.resolve("d.yaml"), "name: x\r\nouterSteps: 3000000000\r\n");
        assertThatThrownBy(() -> RunConfig.read(yaml)).hasMessageContaining("d.yaml, line 2: field 'outerSteps'");
    }
}
