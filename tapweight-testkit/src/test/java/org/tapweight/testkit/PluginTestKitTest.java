package org.tapweight.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tapweight.api.hypergrad.HypergradientStrategy;
import org.tapweight.api.hypergrad.Solution;
import org.tapweight.api.hypergrad.SolveContext;
import org.tapweight.api.modality.Objective;
import org.tapweight.api.modality.ObjectiveProvider;
import org.tapweight.api.plugin.PluginProvider;
import org.tapweight.api.plugin.Settings;
import org.tapweight.core.config.PluginRef;
import org.tapweight.core.config.RunConfig;
import org.tapweight.core.plugin.PluginRegistry;
import org.tapweight.core.weights.SoftmaxWeightMap;
import org.tapweight.core.weights.SoftplusWeightMap;
import org.tapweight.api.weights.WeightMap;
import org.tapweight.hypergrad.ConjugateGradientStrategy;
import org.tapweight.hypergrad.IdentityStrategy;

/** The kit passes correct plug-ins and catches broken ones (each check is shown to be able to fail). */
class PluginTestKitTest {

    static RunConfig dense(PluginRef... objectives) {
        return PluginTestKit.config(PluginRef.of("synthetic-regression", Map.of("examples", 60, "features", 5)),
                PluginRef.of("tanh-mlp", Map.of("hidden", 4, "layers", 2)), objectives);
    }

    @Test
    void correctGradientsPassAndAWrongOneIsCaught() {
        List<GradientReport> ok = PluginTestKit.checkObjectives(dense(PluginRef.of("auxiliary-target"),
                PluginRef.of("masked-feature")));
        assertThat(ok).hasSize(2);
        ok.forEach(r -> r.assertAgrees(1e-6));
        PluginTestKit.checkTask(dense()).assertAgrees(1e-6);

        GradientReport wrong = PluginTestKit.checkObjectives(dense(PluginRef.of("wrong-gradient"))).get(0);
        // A gradient 1.1x too large: relative error 0.1 / 1.1.
        assertThat(wrong.result().relativeError()).isBetween(0.08, 0.10);
        assertThatThrownBy(() -> wrong.assertAgrees(1e-6)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("objective 'wrong-gradient'");
    }

    @Test
    void weightMapJacobiansAreCheckedAndAWrongOneIsCaught() {
        PluginTestKit.checkWeightMap("softmax", new SoftmaxWeightMap(), 5, 10, 1).assertAgrees(1e-7);
        PluginTestKit.checkWeightMap("softplus", new SoftplusWeightMap(1.0), 5, 10, 1).assertAgrees(1e-7);
        WeightMap forgetsTheCoupling = new WeightMap() { // softmax with the -w w^T term left out
            final SoftmaxWeightMap softmax = new SoftmaxWeightMap();

            public double[] weights(double[] lambda) {
                return softmax.weights(lambda);
            }

            public double[] vectorJacobianProduct(double[] lambda, double[] g) {
                double[] w = weights(lambda);
                double[] out = new double[w.length];
                for (int i = 0; i < w.length; i++) {
                    out[i] = w[i] * g[i];
                }
                return out;
            }

            public double[] initialLambda(int objectives) {
                return new double[objectives];
            }
        };
        GradientReport wrong = PluginTestKit.checkWeightMap("wrong", forgetsTheCoupling, 5, 10, 1);
        assertThat(wrong.result().relativeError()).isGreaterThan(0.05);
        assertThatThrownBy(() -> wrong.assertAgrees(1e-7)).isInstanceOf(AssertionError.class);
    }

    @Test
    void aStrategyIsComparedWithTheDenseAnswerAndItsBookkeepingChecked() {
        StrategyReport cg = PluginTestKit.checkStrategy("cg", new ConjugateGradientStrategy(60, 0.0, 1e-12), SolveContext.NONE,
                20, 100, 1);
        cg.assertSolves(1e-8);
        assertThat(cg.countedProducts()).isBetween(1, 60);

        // identity returns v: honest about its cost, far from the answer.
        StrategyReport identity = PluginTestKit.checkStrategy("identity", new IdentityStrategy(1.0), SolveContext.NONE, 20, 100, 1);
        identity.assertHonest();
        assertThatThrownBy(() -> identity.assertSolves(1e-2)).isInstanceOf(AssertionError.class);

        // A strategy that under-reports its products, and one that reports a residual it did not reach.
        HypergradientStrategy underReports = (h, v, warm, c) -> {
            INDArray out = v.ulike();
            h.apply(v, out);
            h.apply(v, out);
            return new Solution(v.dup(), 1, 1, Double.NaN);
        };
        assertThatThrownBy(() -> PluginTestKit.checkStrategy("under", underReports, SolveContext.NONE, 5, 10, 2).assertHonest())
                .hasMessageContaining("reports 1 Hessian-vector products but asked for 2");
        HypergradientStrategy claimsSolved = (h, v, warm, c) -> new Solution(v.dup(), 0, 0, 1e-9);
        assertThatThrownBy(() -> PluginTestKit.checkStrategy("claims", claimsSolved, SolveContext.NONE, 5, 10, 2).assertHonest())
                .hasMessageContaining("reports residual");
    }

    @Test
    void everyShippedProviderIsWellFormedAndAnUnlistedOneIsCaught() {
        PluginRegistry registry = PluginRegistry.load();
        int checked = 0;
        for (PluginRegistry.Kind kind : PluginRegistry.Kind.values()) {
            for (PluginProvider p : registry.all(kind)) {
                PluginTestKit.checkProvider(p);
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(10);
        assertThatThrownBy(() -> PluginTestKit.checkProvider(new Unlisted())).isInstanceOf(AssertionError.class)
                .hasMessageContaining("is not listed in META-INF/services/org.tapweight.api.modality.ObjectiveProvider");
        assertThatThrownBy(() -> PluginTestKit.checkProvider(new Unlisted() {
            @Override
            public String id() {
                return "Bad Id";
            }
        })).hasMessageContaining("lower-case");
    }

    /** A provider nobody listed in a service file. */
    static class Unlisted implements ObjectiveProvider {
        @Override
        public String id() {
            return "unlisted";
        }

        @Override
        public String description() {
            return "a provider without a service file entry";
        }

        @Override
        public String modality() {
            return "dense";
        }

        @Override
        public Objective<?> create(Settings settings) {
            return new WrongGradientObjective();
        }
    }

    @Test
    void aListenerIsDrivenThroughAStopAndAResumeAndOneThatThrowsIsCaught(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        ListenerReport r = PluginTestKit.checkListener(new CsvWeightsListenerProvider(), java.util.Map.of(), dir.resolve("ok"));
        org.assertj.core.api.Assertions.assertThat(r.stepsHeard()).containsExactly(java.util.List.of(1, 2, 3, 4, 5, 6, 7),
                java.util.List.of(6, 7, 8, 9, 10));
        org.assertj.core.api.Assertions.assertThat(r.finalMetrics()).containsKey("test/rmse");
        // the listener's own file: steps 1-7, then 6-10 again after the resume
        org.assertj.core.api.Assertions.assertThat(java.nio.file.Files.readAllLines(dir.resolve("ok/run/weights.csv"))).hasSize(12);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PluginTestKit.checkListener(new CsvWeightsListenerProvider(),
                java.util.Map.of("failAt", 3), dir.resolve("failing"))).hasMessageContaining("asked to fail at step 3");
    }
}
