package org.tapweight.bench.harness;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tapweight.api.plugin.ConfigurationException;

/** A misspelled bench-config field names the file, line, field, the nearest valid name and the valid ones. */
class BenchConfigTypoTest {

    @Test
    void aMisspelledFieldIsExplained(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("bench.yaml");
        Files.writeString(file, "name: b\nbase: examples/synthetic-tapweight.yaml\ntasks: [x]\nmetods: [uniform]\n");
        assertThatThrownBy(() -> BenchConfig.read(file)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("bench.yaml, line 4").hasMessageContaining("field 'metods'")
                .hasMessageContaining("did you mean 'methods'?").hasMessageContaining("Valid fields here:");
    }
}
