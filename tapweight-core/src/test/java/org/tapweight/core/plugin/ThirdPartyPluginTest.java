package org.tapweight.core.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.tapweight.api.plugin.ConfigurationException;
import org.tapweight.core.config.PluginRef;
import org.tapweight.core.config.RunConfig;
import org.tapweight.core.record.RunRecord;
import org.tapweight.core.run.ResumeAndRecordTestAccess;
import org.tapweight.core.run.RunDriver;
import org.tapweight.core.wiring.TapWeightModule;

/** Must-show 4: a plug-in compiled outside the framework is discovered and used in a run; duplicate ids are named. */
class ThirdPartyPluginTest {

    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    private static URLClassLoader loader(Path jar) throws Exception {
        return new URLClassLoader(new URL[] {jar.toUri().toURL()}, ThirdPartyPluginTest.class.getClassLoader());
    }

    @Test
    void aPluginJarOnTheClassPathIsFoundAndUsedInARun(@TempDir Path tmp) throws Exception {
        Path jar = PluginJars.build("third-party-plugin", "org.tapweight.api.modality.ObjectiveProvider",
                "com.example.tapweight.RowSumObjective$Provider", tmp);
        assertThat(PluginRegistry.load().all(PluginRegistry.Kind.OBJECTIVE)).extracting(p -> p.id()).doesNotContain("row-sum");
        try (URLClassLoader loader = loader(jar)) {
            PluginRegistry registry = PluginRegistry.load(loader);
            assertThat(registry.objective("row-sum").origin()).contains("third-party-plugin.jar");

            RunConfig c = ResumeAndRecordTestAccess.config();
            c.outerSteps = 6;
            c.objectives = List.of(PluginRef.of("auxiliary-target", Map.of("column", 1)), PluginRef.of("row-sum", Map.of("scale", 0.5)));
            RunDriver driver = TapWeightModule.driver(c, tmp.resolve("run"), loader);
            RunDriver.Summary s = driver.run(false, null, -1);
            assertThat(driver.objectiveIds()).containsExactly("auxiliary-target", "row-sum");
            assertThat(s.weights()[1]).isNotEqualTo(0.5);
            List<JsonNode> events = RunRecord.read(driver.recordFile());
            JsonNode rowSum = null;
            for (JsonNode p : events.get(0).path("plugins")) {
                rowSum = p.path("role").asText().equals("objective row-sum") ? p : rowSum;
            }
            assertThat(rowSum).isNotNull();
            assertThat(rowSum.path("location").asText()).contains("third-party-plugin.jar");
            assertThat(rowSum.path("settings").path("scale").asDouble()).isEqualTo(0.5);
            JsonNode step = events.get(3);
            assertThat(step.path("objectiveLosses").get(1).asDouble()).isPositive();
        }
    }

    @Test
    void aDuplicateIdNamesTheIdAndBothOrigins(@TempDir Path tmp) throws Exception {
        Path jar = PluginJars.build("duplicate-plugin", "org.tapweight.api.hypergrad.HypergradientStrategyProvider",
                "com.example.other.AnotherCg", tmp);
        try (URLClassLoader loader = loader(jar)) {
            assertThatThrownBy(() -> PluginRegistry.load(loader)).isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("two hypergradient strategy providers have the id 'cg'")
                    .hasMessageContaining("ConjugateGradientStrategy$Provider from ")
                    .hasMessageContaining("com.example.other.AnotherCg from ").hasMessageContaining(jar.toString());
        }
    }

    @Test
    void anUnknownObjectiveIdListsTheKnownOnes() {
        assertThatThrownBy(() -> PluginRegistry.load().objective("motif"))
                .hasMessageContaining("unknown objective 'motif'; known: auxiliary-target, masked-feature");
    }
}
