package org.tapweight.examples.gcn;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tapweight.core.config.Mode;
import org.tapweight.core.config.PluginRef;
import org.tapweight.core.config.RunConfig;
import org.tapweight.core.run.RunDriver;
import org.tapweight.testkit.GradientReport;
import org.tapweight.testkit.PluginTestKit;

/**
 * The example encoder under the framework's test kit: its gradient through each of the five shipped
 * molecular objectives and through a classification task head (double precision, finite
 * differences), its provider, and a short TapWeight run with all five objectives.
 */
class GcnEncoderTest {

    static final PluginRef ENCODER = PluginRef.of("gcn", Map.of("hidden", 6, "layers", 2));

    static RunConfig config() {
        return PluginTestKit.config(PluginRef.of("moleculenet", Map.of("dataset", "bbbp", "limit", 60)), ENCODER,
                PluginRef.of("attribute-masking"), PluginRef.of("edge-prediction"), PluginRef.of("motif", Map.of("minCount", 2)),
                PluginRef.of("descriptors"), PluginRef.of("graph-contrastive", Map.of("projection", 4)));
    }

    @Test
    void itsGradientIsRightUnderEveryShippedObjectiveAndTheTaskHead() {
        List<GradientReport> reports = PluginTestKit.checkObjectives(config());
        assertThat(reports).hasSize(5);
        for (GradientReport r : reports) {
            System.out.println(r);
            r.assertAgrees(1e-6);
        }
        GradientReport task = PluginTestKit.checkTask(config());
        System.out.println(task);
        task.assertAgrees(1e-6);
    }

    @Test
    void itsProviderIsWellFormed() {
        PluginTestKit.checkProvider(new GcnEncoderProvider());
    }

    @Test
    void aShortTapWeightRunWithAllFiveObjectivesLearnsWeights(@TempDir Path dir) {
        RunConfig c = config();
        c.name = "gcn-short";
        c.mode = Mode.TAPWEIGHT;
        c.outerSteps = 4;
        c.levelIII.interval = 2;
        c.task = PluginRef.of("moleculenet", Map.of("dataset", "bbbp", "limit", 150)); // both classes in each split
        c.levelI.batchSize = 16;
        c.levelII.batchSize = 16;
        RunDriver.Summary s = PluginTestKit.run(c, dir);
        assertThat(s.steps()).isEqualTo(4);
        assertThat(s.validation()).containsKey("roc_auc");
        double[] w = s.weights();
        assertThat(w).hasSize(5);
        assertThat(java.util.Arrays.stream(w).sum()).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(w).isNotEqualTo(new double[] {0.2, 0.2, 0.2, 0.2, 0.2});
    }
}
