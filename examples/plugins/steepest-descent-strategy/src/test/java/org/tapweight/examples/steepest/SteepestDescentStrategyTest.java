package org.tapweight.examples.steepest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tapweight.core.config.PluginRef;
import org.tapweight.core.config.RunConfig;
import org.tapweight.core.record.RunHistory;
import org.tapweight.core.record.RunRecord;
import org.tapweight.api.hypergrad.SolveContext;
import org.tapweight.testkit.PluginTestKit;
import org.tapweight.testkit.StrategyReport;

/** The example strategy under the framework's test kit: solves against dense answers, honest bookkeeping. */
class SteepestDescentStrategyTest {

    @Test
    void itSolvesAWellConditionedSystemToTheTolerance() {
        StrategyReport r = PluginTestKit.checkStrategy("steepest-descent", new SteepestDescentStrategy(500, 1e-10),
                SolveContext.NONE, 30, 10, 1);
        System.out.println(r);
        r.assertSolves(1e-8);
        assertThat(r.trueResidual()).isLessThan(1e-10);
    }

    @Test
    void withFewIterationsItReportsTheResidualItReached() {
        // Condition number 1000: 20 iterations of steepest descent leave a large residual, reported truthfully.
        StrategyReport r = PluginTestKit.checkStrategy("steepest-descent", new SteepestDescentStrategy(20, 1e-10),
                SolveContext.NONE, 30, 1000, 2);
        System.out.println(r);
        r.assertHonest();
        assertThat(r.countedProducts()).isEqualTo(20);
        assertThat(r.trueResidual()).isGreaterThan(1e-3);
    }

    /** Found by ServiceLoader as level III's strategy of a short TapWeight run on the dense reference modality. */
    @Test
    void aShortTapWeightRunUsesIt(@TempDir Path dir) {
        RunConfig c = PluginTestKit.denseRun("steepest-short");
        c.levelIII.strategyI = PluginRef.of("steepest-descent", Map.of("iterations", 5));
        c.levelIII.strategyII = PluginRef.of("steepest-descent", Map.of("iterations", 5));
        PluginTestKit.run(c, dir);
        RunHistory h = RunHistory.read(dir.resolve(RunRecord.FILE_NAME));
        assertThat(h.steps()).hasSize(6);
        assertThat(h.steps().get(5).hvpsI()).isBetween(1, 6); // 5 iterations, plus 1 for the warm start's residual
        assertThat(h.steps().get(5).weights()).isNotEqualTo(new double[] {0.5, 0.5});
    }

    @Test
    void itsProviderIsWellFormed() {
        PluginTestKit.checkProvider(new SteepestDescentStrategy.Provider());
    }
}
