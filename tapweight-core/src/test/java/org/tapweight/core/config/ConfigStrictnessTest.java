package org.tapweight.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tapweight.api.plugin.ConfigurationException;

/** Config values that used to be read silently wrong (issue 12's fault probe) are errors naming what to fix. */
class ConfigStrictnessTest {

    private static RunConfig yaml(String text) {
        return RunConfig.parse("test.yaml", text, true, Map.of());
    }

    @Test
    void aKeyGivenTwiceIsAnErrorNotTheLastValue() {
        assertThatThrownBy(() -> yaml("outerSteps: 10\nseed: 3\nouterSteps: 20\n"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("test.yaml").hasMessageContaining("outerSteps");
        assertThatThrownBy(() -> RunConfig.parse("c.json", "{\"seed\": 1, \"seed\": 2}", false, Map.of()))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("seed");
    }

    @Test
    void aMisspelledFieldNamesTheNearestValidOneAndListsThem() {
        assertThatThrownBy(() -> RunConfig.parse("typo.yaml", "name: x\noutrSteps: 5\n", true, Map.of()))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("typo.yaml, line 2")
                .hasMessageContaining("field 'outrSteps': unknown field; did you mean 'outerSteps'?")
                .hasMessageContaining("Valid fields here:").hasMessageContaining("levelIII");
        // Nested: the valid fields of the level the typo is in.
        assertThatThrownBy(() -> RunConfig.parse("t.yaml", "levelI:\n  batchSise: 8\n", true, Map.of()))
                .hasMessageContaining("field 'levelI.batchSise'").hasMessageContaining("did you mean 'batchSize'?");
        // Nothing close: no guess, only the list.
        assertThatThrownBy(() -> RunConfig.parse("t.yaml", "zzzzzzzzzz: 1\n", true, Map.of()))
                .hasMessageNotContaining("did you mean").hasMessageContaining("Valid fields here:");
        assertThat(ConfigErrors.editDistance("outrSteps", "outerSteps")).isEqualTo(1);
        assertThat(ConfigErrors.editDistance("kitten", "sitting")).isEqualTo(3);
    }

    @Test
    void overridesReachObjectiveSettingsByNameIdOrIndex() {
        String text = "objectives:\n  - {id: auxiliary-target, name: side-0, settings: {column: 0}}\n"
                + "  - {id: auxiliary-target, name: side-1, settings: {column: 1}}\n  - {id: masked-feature}\n";
        RunConfig c = RunConfig.parse("o.yaml", text, true, Map.of("objectives.side-1.settings.column", "3",
                "objectives.masked-feature.settings.maskRate", "0.4", "objectives.0.settings.column", "2"));
        assertThat(c.objectives.get(0).settings).containsEntry("column", 2);
        assertThat(c.objectives.get(1).settings).containsEntry("column", 3);
        assertThat(c.objectives.get(2).settings).containsEntry("maskRate", 0.4);
        assertThatThrownBy(() -> RunConfig.parse("o.yaml", text, true, Map.of("objectives.auxiliary-target.settings.column", "1")))
                .hasMessageContaining("2 elements have id 'auxiliary-target'");
        assertThatThrownBy(() -> RunConfig.parse("o.yaml", text, true, Map.of("objectives.nope.settings.x", "1")))
                .hasMessageContaining("no element named or with id 'nope'");
        assertThatThrownBy(() -> RunConfig.parse("o.yaml", text, true, Map.of("objectives.7.settings.x", "1")))
                .hasMessageContaining("index 7 but the list has 3 elements");
    }

    @Test
    void aFractionWhereAWholeNumberBelongsIsAnError() {
        assertThatThrownBy(() -> yaml("outerSteps: 10.7\n"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("line 1").hasMessageContaining("outerSteps");
        assertThat(yaml("outerSteps: 10\n").outerSteps).isEqualTo(10);
    }

    @Test
    void textAfterTheJsonDocumentIsAnError() {
        assertThatThrownBy(() -> RunConfig.parse("c.json", "{\"seed\": 1} garbage", false, Map.of()))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("c.json");
        assertThat(RunConfig.parse("c.json", "{\"seed\": 4}\n", false, Map.of()).seed).isEqualTo(4);
    }

    @Test
    void aNegativeValidationBatchSizeIsRefused() {
        RunConfig c = yaml("levelIII: {validationBatchSize: -5}\n");
        assertThatThrownBy(c::validate).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("levelIII.validationBatchSize must be >= 0").hasMessageContaining("-5");
    }

    @Test
    void aNameThatIsAPathIsRefused() {
        for (String bad : new String[] {"../../..", "a/b", "..", "a\\\\b", " "}) {
            RunConfig c = yaml("name: '" + bad + "'\n");
            assertThatThrownBy(c::validate).as(bad).isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("name must be a plain folder name");
        }
        assertThat(yaml("name: bbbp-tapweight.v2\n").name).isEqualTo("bbbp-tapweight.v2");
    }
}
