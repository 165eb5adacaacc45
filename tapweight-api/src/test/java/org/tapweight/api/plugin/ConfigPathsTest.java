package org.tapweight.api.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where a relative path in a config is found: beside the config first, then the working folder. */
class ConfigPathsTest {

    @Test
    void aFileBesideTheConfigWinsOverOneInTheWorkingFolder(@TempDir Path dir) throws Exception {
        // pom.xml exists in the working folder (the module) and, after this, beside the "config" too
        Files.writeString(dir.resolve("pom.xml"), "beside");
        assertThat(ConfigPaths.resolve(dir, "pom.xml")).isEqualTo(dir.resolve("pom.xml"));
        assertThat(ConfigPaths.resolve(dir, "./sub/../pom.xml")).isEqualTo(dir.resolve("pom.xml"));
    }

    @Test
    void aFileOnlyInTheWorkingFolderIsFoundThere(@TempDir Path dir) {
        assertThat(ConfigPaths.resolve(dir, "pom.xml")).isEqualTo(Path.of("pom.xml"));
        assertThat(ConfigPaths.resolve(null, "pom.xml")).isEqualTo(Path.of("pom.xml"));
    }

    @Test
    void aFileFoundNowhereIsNamedBesideTheConfigAndAnAbsolutePathIsKept(@TempDir Path dir) {
        assertThat(ConfigPaths.resolve(dir, "missing/data.csv")).isEqualTo(dir.resolve("missing/data.csv"));
        assertThat(ConfigPaths.resolve(dir, "/etc/hostname")).isEqualTo(Path.of("/etc/hostname"));
        assertThatThrownBy(() -> ConfigPaths.resolve(dir, " ")).isInstanceOf(ConfigurationException.class);
    }

    @Test
    void settingsReadPathsRelativeToTheirConfigFolder(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("data.csv"), "x");
        Settings s = Settings.resolve("task 't'", List.of(SettingSpec.ofString("file", null, "a file")), Map.of("file", "data.csv"));
        assertThat(s.getPath("file")).isEqualTo(dir.resolve("data.csv").getFileName()); // no folder: the working folder
        assertThat(s.relativeTo(dir).getPath("file")).isEqualTo(dir.resolve("data.csv"));
        assertThat(s.relativeTo(dir).asMap()).isEqualTo(s.asMap());
    }
}
