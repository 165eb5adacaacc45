package org.tapweight.examples.sparsemax;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tapweight.core.config.PluginRef;
import org.tapweight.core.config.RunConfig;
import org.tapweight.core.run.RunDriver;
import org.tapweight.testkit.PluginTestKit;

/** The example weight map against hand-computed projections and, by the test kit, its Jacobian against finite differences. */
class SparsemaxWeightMapTest {

    private final SparsemaxWeightMap map = new SparsemaxWeightMap();

    @Test
    void itProjectsOntoTheSimplexByHand() {
        // (0.5, 0.2, -1): tau = (0.5 + 0.2 - 1) / 2 = -0.15 -> (0.65, 0.35, 0).
        assertThat(map.weights(new double[] {0.5, 0.2, -1})).containsExactly(new double[] {0.65, 0.35, 0}, within(1e-12));
        // Uniform at 0; a point already on the simplex stays put.
        assertThat(map.weights(new double[4])).containsExactly(new double[] {0.25, 0.25, 0.25, 0.25}, within(1e-12));
        assertThat(map.weights(new double[] {0.1, 0.6, 0.3})).containsExactly(new double[] {0.1, 0.6, 0.3}, within(1e-12));
        // J^T g on support {0, 1}: g minus its mean there, 0 elsewhere.
        assertThat(map.vectorJacobianProduct(new double[] {0.5, 0.2, -1}, new double[] {3, 1, 7}))
                .containsExactly(new double[] {1, -1, 0}, within(1e-12));
    }

    @Test
    void itsJacobianMatchesFiniteDifferences() {
        PluginTestKit.checkWeightMap("sparsemax", map, 6, 20, 3).assertAgrees(1e-6);
    }

    /** Found by ServiceLoader as the weight map of a short TapWeight run on the dense reference modality. */
    @Test
    void aShortTapWeightRunUsesIt(@TempDir Path dir) {
        RunConfig c = PluginTestKit.denseRun("sparsemax-short");
        c.weightMap = PluginRef.of("sparsemax");
        RunDriver.Summary s = PluginTestKit.run(c, dir);
        assertThat(s.weights()[0] + s.weights()[1]).isCloseTo(1.0, within(1e-12));
        assertThat(s.weights()).isNotEqualTo(new double[] {0.5, 0.5});
    }

    @Test
    void itsProviderIsWellFormed() {
        PluginTestKit.checkProvider(new SparsemaxWeightMap.Provider());
    }
}
