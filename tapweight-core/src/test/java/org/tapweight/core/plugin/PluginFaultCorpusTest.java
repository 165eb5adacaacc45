package org.tapweight.core.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.tapweight.core.config.PluginRef;
import org.tapweight.core.config.RunConfig;
import org.tapweight.core.record.RunRecord;
import org.tapweight.core.run.Provenance;
import org.tapweight.core.run.ResumeAndRecordTestAccess;
import org.tapweight.core.run.RunDriver;
import org.tapweight.core.wiring.TapWeightModule;

/** Issue 12: every plug-in jar a run loaded is in its record (name, SHA-256, providers supplied, providers used). */
class PluginFaultCorpusTest {

    @TempDir
    Path tmp;

    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    @Test
    void theRecordListsEveryJarLoadedWithItsChecksumProvidersAndWhichTheRunUsed() throws Exception {
        Path plugins = Files.createDirectories(tmp.resolve("plugins"));
        Path used = Files.copy(PluginJars.build("third-party-plugin", "org.tapweight.api.modality.ObjectiveProvider",
                "com.example.tapweight.RowSumObjective$Provider", Files.createDirectories(tmp.resolve("a"))),
                plugins.resolve("row-sum-1.0.jar"));
        Path unused = Files.copy(PluginJars.build("unused-plugin", "org.tapweight.api.modality.ObjectiveProvider",
                "com.example.unused.NeverUsedObjective", Files.createDirectories(tmp.resolve("b"))),
                plugins.resolve("unused-2.0.jar"));
        Path library = emptyJar(plugins.resolve("library.jar"));
        try (PluginJarLoader loader = new PluginJarLoader(List.of(library, used, unused), getClass().getClassLoader())) {
            RunConfig c = ResumeAndRecordTestAccess.config();
            c.outerSteps = 2;
            c.objectives = List.of(PluginRef.of("auxiliary-target", Map.of("column", 1)), PluginRef.of("row-sum"));
            RunDriver driver = TapWeightModule.driver(c, tmp.resolve("run"), loader);
            driver.run(false, null, -1);
            JsonNode jars = RunRecord.read(driver.recordFile()).get(0).path("pluginJars");
            assertThat(jars).hasSize(3);
            assertJar(jars.get(0), library, List.of(), List.of());
            assertJar(jars.get(1), used, List.of("objective row-sum"), List.of("objective row-sum"));
            assertJar(jars.get(2), unused, List.of("objective never-used"), List.of());
        }
    }

    @Test
    void aRunWithoutPluginJarsRecordsNone() {
        PluginRegistry registry = PluginRegistry.load();
        assertThat(PluginJarReport.of(getClass().getClassLoader(), registry, Set.of("objective masked-feature"))).isEmpty();
    }

    private static void assertJar(JsonNode entry, Path jar, List<String> providers, List<String> used) throws IOException {
        assertThat(entry.path("file").asText()).isEqualTo(jar.getFileName().toString());
        assertThat(entry.path("sha256").asText()).isEqualTo(Provenance.sha256(Files.readAllBytes(jar)));
        assertThat(texts(entry.path("providers"))).isEqualTo(providers);
        assertThat(texts(entry.path("used"))).isEqualTo(used);
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** A jar with no providers, like a library a plug-in depends on. */
    private static Path emptyJar(Path file) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().putValue("Manifest-Version", "1.0");
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out, manifest)) {
            jar.flush();
        }
        return file;
    }
}
