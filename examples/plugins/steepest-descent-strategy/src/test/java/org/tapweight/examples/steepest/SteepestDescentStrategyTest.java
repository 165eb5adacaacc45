package org.tapweight.examples.steepest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
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

    @Test
    void itsProviderIsWellFormed() {
        PluginTestKit.checkProvider(new SteepestDescentStrategy.Provider());
    }
}
