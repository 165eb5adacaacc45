package org.tapweight.hypergrad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.tapweight.hypergrad.StrategiesTest.MatrixHvp;
import static org.tapweight.hypergrad.StrategiesTest.SPD;
import static org.tapweight.hypergrad.StrategiesTest.WELL;
import static org.tapweight.hypergrad.StrategiesTest.create;
import static org.tapweight.hypergrad.StrategiesTest.dot;
import static org.tapweight.hypergrad.StrategiesTest.linspace;
import static org.tapweight.hypergrad.StrategiesTest.multiply;
import static org.tapweight.hypergrad.StrategiesTest.plusIdentity;
import static org.tapweight.hypergrad.StrategiesTest.randomVector;
import static org.tapweight.hypergrad.StrategiesTest.relativeError;
import static org.tapweight.hypergrad.StrategiesTest.solve;
import static org.tapweight.hypergrad.StrategiesTest.symmetricWithEigenvalues;
import static org.tapweight.hypergrad.StrategiesTest.trueRelativeResidual;
import static org.tapweight.hypergrad.StrategiesTest.vec;

import java.util.Map;
import java.util.Random;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.tapweight.api.hypergrad.Solution;
import org.tapweight.api.hypergrad.SolveContext;
import org.tapweight.api.plugin.ConfigurationException;

/**
 * The spectrum-driven settings: {@link Lanczos} against dense linear algebra, {@code cg} with
 * {@code damping: auto} and {@code neumann} with {@code alpha: auto} against the exact solutions of the
 * damped system they document, and the undamped residual every damped solve now reports.
 */
class AutoDampingTest {

    private static final int N = 20;

    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    static double[] denseSolve(double[][] h, double delta, double[] v) {
        return new LUDecomposition(new Array2DRowRealMatrix(plusIdentity(h, delta))).getSolver()
                .solve(new ArrayRealVector(v)).toArray();
    }

    /** The documented damping, from the exact extreme eigenvalues. */
    static double documentedDamping(double lo, double hi, double maxCondition) {
        return Math.max(0.0, (hi - maxCondition * lo) / (maxCondition - 1));
    }

    @Test
    void lanczosRitzValuesAreTheEigenvaluesAfterNStepsAndTheExtremesConvergeFirst() {
        double[] eigenvalues = linspace(-2.0, 7.0, N);
        double[][] h = symmetricWithEigenvalues(201, eigenvalues);
        Lanczos lanczos = new Lanczos(new MatrixHvp(h), vec(randomVector(new Random(1), N)));
        for (int j = 0; j < 8; j++) {
            lanczos.step();
        }
        double[] early = lanczos.ritzValues();
        // Ritz values lie inside the spectrum and the extremes are the best resolved (interlacing).
        assertThat(early[0]).isBetween(-2.0, -2.0 + 1.5);
        assertThat(early[early.length - 1]).isBetween(7.0 - 1.5, 7.0);
        while (lanczos.step()) {
            // to the end: the Krylov space becomes invariant after N steps
        }
        assertThat(lanczos.steps()).isEqualTo(N);
        assertThat(lanczos.invariant()).isTrue();
        double[] ritz = lanczos.ritzValues();
        for (int i = 0; i < N; i++) {
            assertThat(ritz[i]).isCloseTo(eigenvalues[i], within(1e-9));
        }
    }

    @Test
    void lanczosSolvesAndReportsBothResidualsExactlyAtEveryStep() {
        double[][] h = symmetricWithEigenvalues(202, linspace(-1.0, 6.0, N));
        double[] v = randomVector(new Random(2), N);
        Lanczos lanczos = new Lanczos(new MatrixHvp(h), vec(v));
        double delta = 1.7;
        for (int j = 1; j <= N; j++) {
            lanczos.step();
            Lanczos.KrylovSolution s = lanczos.solve(delta);
            double[] x = lanczos.combine(s.coefficients()).toDoubleVector();
            assertThat(s.dampedResidual()).as("damped residual at step %d", j)
                    .isCloseTo(trueRelativeResidual(plusIdentity(h, delta), x, v), within(1e-10));
            assertThat(s.undampedResidual()).as("undamped residual at step %d", j)
                    .isCloseTo(trueRelativeResidual(h, x, v), within(1e-10));
        }
        double[] x = lanczos.combine(lanczos.solve(delta).coefficients()).toDoubleVector();
        assertThat(relativeError(x, denseSolve(h, delta, v))).isLessThan(1e-10);
    }

    @Test
    void autoDampingIsZeroOnAWellConditionedSpdHessianAndCgIsThenClassicCg() {
        double[] v = randomVector(new Random(3), N);
        for (int k = 1; k <= 8; k++) {
            Solution auto = solve(create("cg", Map.of("iterations", k, "tolerance", 0.0)), new MatrixHvp(WELL), v, null,
                    SolveContext.NONE);
            Solution classic = solve(new ConjugateGradientStrategy(k, 0.0, 0.0), new MatrixHvp(WELL), v, null,
                    SolveContext.NONE);
            assertThat(auto.damping()).isZero();
            assertThat(auto.hvpCount()).isEqualTo(k);
            // the same Krylov iterate (CG and Lanczos are two ways of computing it)
            assertThat(relativeError(auto.x().toDoubleVector(), classic.x().toDoubleVector())).isLessThan(1e-9);
            assertThat(auto.relativeResidual()).isCloseTo(classic.relativeResidual(), within(1e-9));
            assertThat(auto.undampedResidual()).isEqualTo(auto.relativeResidual());
        }
        Solution full = solve(create("cg", Map.of("iterations", N)), new MatrixHvp(WELL), v, null, SolveContext.NONE);
        assertThat(relativeError(full.x().toDoubleVector(), denseSolve(WELL, 0.0, v))).isLessThan(1e-10);
    }

    /**
     * Must-show 2: an indefinite Hessian (eigenvalues -3 .. 5). The auto-damped CG returns the exact
     * solution of the documented damped system (H + delta I) x = v, delta = max(0, (lambda_max -
     * maxCondition lambda_min) / (maxCondition - 1)), which is positive definite, so x is a descent direction (v^T x > 0) and the exact
     * minimiser of the damped quadratic model. The old fixed damping 1 leaves H + I indefinite: CG meets
     * negative curvature and returns a truncated iterate that solves no system (residual >= 1 of both).
     */
    @Test
    void autoDampedCgSolvesTheDocumentedDampedSystemOnAnIndefiniteHessianAndFixedDampingDoesNot() {
        double[] eigenvalues = linspace(-3.0, 5.0, N);
        double[][] h = symmetricWithEigenvalues(203, eigenvalues);
        double maxCondition = 100.0;
        double delta = documentedDamping(-3.0, 5.0, maxCondition);
        assertThat(delta).isCloseTo(305.0 / 99.0, within(1e-12)); // damped spectrum [0.081, 8.08]: condition 100
        for (int seed = 0; seed < 5; seed++) {
            double[] v = randomVector(new Random(300 + seed), N);
            Solution auto = solve(create("cg", Map.of("iterations", N, "damping", "auto", "maxCondition", maxCondition)),
                    new MatrixHvp(h), v, null, SolveContext.NONE);
            double[] x = auto.x().toDoubleVector();
            assertThat(auto.damping()).isCloseTo(delta, within(1e-9));
            assertThat(relativeError(x, denseSolve(h, delta, v))).isLessThan(1e-9);
            assertThat(dot(v, x)).as("descent direction").isPositive();
            assertThat(auto.relativeResidual()).isLessThan(1e-9);
            assertThat(auto.undampedResidual()).isCloseTo(trueRelativeResidual(h, x, v), within(1e-9));

            Solution fixed = solve(create("cg", Map.of("iterations", N, "damping", 1.0)), new MatrixHvp(h), v, null,
                    SolveContext.NONE);
            double[] xf = fixed.x().toDoubleVector();
            assertThat(fixed.iterations()).as("stopped at negative curvature").isLessThan(N);
            assertThat(trueRelativeResidual(plusIdentity(h, 1.0), xf, v)).as("not a solution of its own system")
                    .isGreaterThan(0.5);
            assertThat(relativeError(xf, denseSolve(h, delta, v))).isGreaterThan(0.1);
            assertThat(fixed.relativeResidual()).isCloseTo(trueRelativeResidual(plusIdentity(h, 1.0), xf, v), within(1e-9));
            assertThat(fixed.undampedResidual()).isCloseTo(trueRelativeResidual(h, xf, v), within(1e-9));
        }
    }

    /** What hid the problem before: a damped CG reports a tiny residual of the damped system only. */
    @Test
    void aFixedDampingsSmallResidualIsNotTheUndampedOne() {
        double[] v = randomVector(new Random(4), N);
        Solution s = solve(create("cg", Map.of("iterations", N, "damping", 1.0)), new MatrixHvp(SPD), v, null,
                SolveContext.NONE);
        double[] x = s.x().toDoubleVector();
        assertThat(s.relativeResidual()).isLessThan(1e-8);
        assertThat(s.undampedResidual()).isCloseTo(trueRelativeResidual(SPD, x, v), within(1e-10)).isGreaterThan(1e-2);
        assertThat(s.damping()).isEqualTo(1.0);
    }

    @Test
    void autoNeumannConvergesToTheExactSolutionWithoutAHandSetAlpha() {
        double[] v = randomVector(new Random(5), N);
        double[] exact = denseSolve(WELL, 0.0, v); // eigenvalues 1 .. 4: no damping at maxCondition 100
        double previous = Double.POSITIVE_INFINITY;
        for (int n : new int[] {5, 20, 60}) {
            MatrixHvp hvp = new MatrixHvp(WELL);
            Solution s = solve(create("neumann", Map.of("iterations", n)), hvp, v, null, SolveContext.NONE);
            double err = relativeError(s.x().toDoubleVector(), exact);
            assertThat(err).isLessThan(previous);
            previous = err;
            assertThat(s.damping()).isZero();
            assertThat(s.hvpCount()).isEqualTo(n + 5).isEqualTo(hvp.calls); // 5 Lanczos steps for the spectrum
        }
        assertThat(previous).isLessThan(1e-6);
    }

    @Test
    void autoNeumannOnAnIndefiniteHessianConvergesToTheDampedSolutionInsteadOfDiverging() {
        double[][] h = symmetricWithEigenvalues(204, linspace(-3.0, 5.0, N));
        double[] v = randomVector(new Random(6), N);
        // maxCondition 10: the damped series then contracts by 0.9 per term
        Solution s = solve(create("neumann", Map.of("iterations", 200, "spectrumIterations", N, "maxCondition", 10.0)),
                new MatrixHvp(h), v, null, SolveContext.NONE);
        double delta = documentedDamping(-3.0, 5.0, 10.0);
        assertThat(s.damping()).isCloseTo(delta, within(1e-9));
        assertThat(relativeError(s.x().toDoubleVector(), denseSolve(h, delta, v))).isLessThan(1e-6);
        // A fixed alpha on the same Hessian grows at once and falls back to its best iterate.
        Solution fixed = solve(create("neumann", Map.of("iterations", 300, "alpha", 0.1)), new MatrixHvp(h), v, null,
                SolveContext.NONE);
        assertThat(fixed.relativeResidual()).isGreaterThan(0.5);
    }

    @Test
    void autoSettingsAreValidated() {
        assertThatThrownBy(() -> create("cg", Map.of("damping", "some")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("'auto' or a number");
        assertThatThrownBy(() -> create("cg", Map.of("maxCondition", 1.0)))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("maxCondition");
        assertThatThrownBy(() -> create("neumann", Map.of("spectrumIterations", 0)))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("spectrumIterations");
        assertThat(create("cg", Map.of("damping", "AUTO")).supportsWarmStart()).isFalse();
        assertThat(create("cg", Map.of("damping", 0.5)).supportsWarmStart()).isTrue();
        assertThat(create("neumann", Map.of("alpha", 0.1)).supportsWarmStart()).isTrue();
    }
}
