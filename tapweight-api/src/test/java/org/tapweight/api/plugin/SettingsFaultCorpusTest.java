package org.tapweight.api.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Whole-number plug-in settings outside int's range (issue 12: 3000000000 became -1294967296). */
class SettingsFaultCorpusTest {

    private static final List<SettingSpec> SPECS = List.of(SettingSpec.ofInt("hidden", 128, "width"));

    private static int hidden(Object value) {
        return Settings.resolve("encoder 'transformer'", SPECS, Map.of("hidden", value)).getInt("hidden");
    }

    @Test
    void aValueAboveIntsRangeIsReportedAsWritten() {
        assertThatThrownBy(() -> hidden(3000000000L)).isInstanceOf(ConfigurationException.class)
                .hasMessage("encoder 'transformer': setting 'hidden': 3000000000 does not fit a whole number (largest 2147483647)");
        assertThatThrownBy(() -> hidden(new BigInteger("99999999999999999999999"))).hasMessageContaining("99999999999999999999999")
                .hasMessageContaining("largest 2147483647");
        assertThatThrownBy(() -> hidden("3000000000")).hasMessageContaining("3000000000 does not fit a whole number");
        assertThatThrownBy(() -> hidden(3e9)).hasMessageContaining("does not fit a whole number (largest");
        assertThatThrownBy(() -> hidden(Double.POSITIVE_INFINITY)).hasMessageContaining("largest 2147483647");
    }

    enum Readout { SUM, MEAN }

    enum Three { A, B, C }

    @Test
    void aChoiceIsReadCaseInsensitivelyAndAWrongOneListsTheChoices() {
        List<SettingSpec> specs = List.of(SettingSpec.ofString("readout", "mean", "pooling"));
        assertThat(Settings.resolve("encoder 'gin'", specs, Map.of()).getChoice("readout", Readout.class)).isEqualTo(Readout.MEAN);
        assertThat(Settings.resolve("encoder 'gin'", specs, Map.of("readout", "Sum")).getChoice("readout", Readout.class))
                .isEqualTo(Readout.SUM);
        assertThatThrownBy(() -> Settings.resolve("encoder 'gin'", specs, Map.of("readout", "max")).getChoice("readout", Readout.class))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("encoder 'gin': setting 'readout' must be sum or mean, got 'max'");
        assertThatThrownBy(() -> Settings.resolve("x", specs, Map.of("readout", "d")).getChoice("readout", Three.class))
                .hasMessageContaining("must be one of a, b, c, got 'd'");
    }

    @Test
    void aValueBelowIntsRangeIsReportedAsWritten() {
        assertThatThrownBy(() -> hidden(-3000000000L)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("-3000000000 does not fit a whole number (smallest -2147483648)");
        assertThatThrownBy(() -> hidden(Double.NEGATIVE_INFINITY)).hasMessageContaining("smallest -2147483648");
    }

    @Test
    void valuesInRangeAndOtherFaultsBehaveAsBefore() {
        assertThat(hidden(2147483647L)).isEqualTo(Integer.MAX_VALUE);
        assertThat(hidden(-2147483648L)).isEqualTo(Integer.MIN_VALUE);
        assertThat(hidden(12.0)).isEqualTo(12);
        assertThat(hidden(" 64 ")).isEqualTo(64);
        assertThatThrownBy(() -> hidden(10.5)).hasMessageContaining("setting 'hidden' must be a whole number, got 10.5");
        assertThatThrownBy(() -> hidden(Double.NaN)).hasMessageContaining("must be a whole number");
        assertThatThrownBy(() -> hidden("wide")).hasMessageContaining("must be of type int, got 'wide'");
        assertThatThrownBy(() -> hidden("12.0")).hasMessageContaining("must be of type int");
    }
}
