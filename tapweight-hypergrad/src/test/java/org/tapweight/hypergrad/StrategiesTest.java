package org.tapweight.hypergrad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tapweight.api.hypergrad.HessianVectorProduct;
import org.tapweight.api.hypergrad.HypergradientStrategy;
import org.tapweight.api.hypergrad.HypergradientStrategyProvider;
import org.tapweight.api.hypergrad.Solution;
import org.tapweight.api.hypergrad.SolveContext;
import org.tapweight.api.plugin.ConfigurationException;
import org.tapweight.api.plugin.Settings;

/**
 * The hypergradient strategies on linear systems {@code H x = v} with explicit dense matrices, whose
 * answers are computed here in plain Java (no ND4J, no shared helper with the code under test).
 */
class StrategiesTest {

    private static final int N = 20;

    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    // ---------------------------------------------------------------------------------------------
    // Dense matrices and a counting HVP operator
    // ---------------------------------------------------------------------------------------------

    /** Multiplies by a dense matrix and counts its calls. */
    static final class MatrixHvp implements HessianVectorProduct {
        final double[][] m;
        int calls;

        MatrixHvp(double[][] m) {
            this.m = m;
        }

        @Override
        public int dimension() {
            return m.length;
        }

        @Override
        public void apply(INDArray v, INDArray out) {
            if (out == v) {
                throw new AssertionError("out aliases v");
            }
            if (v.length() != m.length || out.length() != m.length) {
                throw new AssertionError("wrong length " + v.length() + " / " + out.length());
            }
            calls++;
            out.assign(Nd4j.createFromArray(multiply(m, v.toDoubleVector())));
        }
    }

    static double[][] randomOrthogonal(Random random, int n) {
        double[][] q = new double[n][];
        for (int k = 0; k < n; k++) {
            double[] c = new double[n];
            for (int i = 0; i < n; i++) {
                c[i] = random.nextGaussian();
            }
            for (int pass = 0; pass < 2; pass++) { // Gram-Schmidt, twice for orthogonality to rounding
                for (int j = 0; j < k; j++) {
                    double d = dot(c, q[j]);
                    for (int i = 0; i < n; i++) {
                        c[i] -= d * q[j][i];
                    }
                }
            }
            double nrm = norm(c);
            for (int i = 0; i < n; i++) {
                c[i] /= nrm;
            }
            q[k] = c;
        }
        return q; // rows are orthonormal
    }

    /** Q^T diag(eigenvalues) Q with random orthonormal Q. */
    static double[][] symmetricWithEigenvalues(long seed, double... eigenvalues) {
        int n = eigenvalues.length;
        double[][] q = randomOrthogonal(new Random(seed), n);
        double[][] h = new double[n][n];
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                double s = 0;
                for (int k = 0; k < n; k++) {
                    s += q[k][a] * eigenvalues[k] * q[k][b];
                }
                h[a][b] = s;
            }
        }
        for (int a = 0; a < n; a++) { // exactly symmetric
            for (int b = 0; b < a; b++) {
                double s = 0.5 * (h[a][b] + h[b][a]);
                h[a][b] = s;
                h[b][a] = s;
            }
        }
        return h;
    }

    static double[] linspace(double from, double to, int n) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = from + (to - from) * i / (n - 1);
        }
        return out;
    }

    static double[] randomVector(Random random, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = random.nextGaussian();
        }
        return v;
    }

    static double[] multiply(double[][] m, double[] v) {
        double[] out = new double[m.length];
        for (int i = 0; i < m.length; i++) {
            out[i] = dot(m[i], v);
        }
        return out;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }

    static double[] axpy(double a, double[] x, double[] y) {
        double[] out = y.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] += a * x[i];
        }
        return out;
    }

    static double[] scale(double a, double[] x) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = a * x[i];
        }
        return out;
    }

    static double relativeError(double[] actual, double[] expected) {
        return norm(axpy(-1, expected, actual)) / norm(expected);
    }

    static double[][] plusIdentity(double[][] m, double delta) {
        double[][] out = new double[m.length][];
        for (int i = 0; i < m.length; i++) {
            out[i] = m[i].clone();
            out[i][i] += delta;
        }
        return out;
    }

    static INDArray vec(double[] v) {
        return Nd4j.createFromArray(v.clone());
    }

    /** ||v - H x|| / ||v||, recomputed from scratch. */
    static double trueRelativeResidual(double[][] h, double[] x, double[] v) {
        return norm(axpy(-1, multiply(h, x), v)) / norm(v);
    }

    /** alpha * sum_{j=0..n} (I - alpha H)^j v, term by term with matrices. */
    static double[] neumannSeries(double[][] h, double[] v, double alpha, int n) {
        int d = v.length;
        double[][] step = new double[d][d]; // I - alpha H
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                step[i][j] = (i == j ? 1.0 : 0.0) - alpha * h[i][j];
            }
        }
        double[] term = v.clone();
        double[] sum = v.clone();
        for (int j = 1; j <= n; j++) {
            term = multiply(step, term);
            sum = axpy(1.0, term, sum);
        }
        return scale(alpha, sum);
    }

    /**
     * Runs T steps of the level optimiser on the linearised gradient {@code g(theta) = H theta + d}
     * from theta = 0, velocity = 0, with d = v, and returns {@code -theta_T}; by linearity that is
     * {@code M_T v}, what {@code unrolled} should return (M_T is symmetric: a polynomial in H).
     */
    static double[] simulateOptimiser(double[][] h, double[] v, double eta, double mu, boolean nesterov, int steps) {
        int n = v.length;
        double[] theta = new double[n];
        double[] velocity = new double[n];
        for (int t = 0; t < steps; t++) {
            double[] g = axpy(1.0, v, multiply(h, theta));
            if (nesterov) {
                // ND4J Nesterovs: u' = mu u - eta g ; theta' = theta - mu u + (1 + mu) u'
                double[] next = axpy(-eta, g, scale(mu, velocity));
                theta = axpy(1 + mu, next, axpy(-mu, velocity, theta));
                velocity = next;
            } else {
                // heavy ball: m' = mu m + g ; theta' = theta - eta m'
                velocity = axpy(1.0, g, scale(mu, velocity));
                theta = axpy(-eta, velocity, theta);
            }
        }
        return scale(-1.0, theta);
    }

    /** A well-conditioned SPD matrix (eigenvalues in [1, 4]) and its known solution. */
    static final double[][] WELL = symmetricWithEigenvalues(101, linspace(1.0, 4.0, N));
    /** SPD with condition number 100. */
    static final double[][] SPD = symmetricWithEigenvalues(102, linspace(1.0, 100.0, N));

    static HypergradientStrategyProvider provider(String id) {
        for (HypergradientStrategyProvider p : ServiceLoader.load(HypergradientStrategyProvider.class)) {
            if (p.id().equals(id)) {
                return p;
            }
        }
        throw new AssertionError("no provider " + id);
    }

    static HypergradientStrategy create(String id, Map<String, ?> given) {
        HypergradientStrategyProvider p = provider(id);
        return p.create(Settings.resolve("strategy '" + id + "'", p.settings(), given));
    }

    /** Solves and checks that v and the warm start were not modified. */
    static Solution solve(HypergradientStrategy s, HessianVectorProduct h, double[] v, double[] warm, SolveContext c) {
        INDArray vArray = vec(v);
        INDArray warmArray = warm == null ? null : vec(warm);
        Solution solution = s.solve(h, vArray, warmArray, c);
        assertThat(vArray.toDoubleVector()).as("v is not modified").containsExactly(v);
        if (warm != null) {
            assertThat(warmArray.toDoubleVector()).as("warm start is not modified").containsExactly(warm);
            assertThat(solution.x()).as("warm start is not returned as the solution object").isNotSameAs(warmArray);
        }
        assertThat(solution.x()).isNotSameAs(vArray);
        assertThat(solution.x().length()).isEqualTo(v.length);
        assertThat(solution.x().dataType()).isEqualTo(DataType.DOUBLE);
        return solution;
    }

    static void assertFinite(double[] x) {
        for (double d : x) {
            assertThat(Double.isFinite(d)).as("finite entries in %s", java.util.Arrays.toString(x)).isTrue();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // cg
    // ---------------------------------------------------------------------------------------------

    @Nested
    class ConjugateGradient {

        @Test
        void solvesSpdSystemInNIterations() {
            Random random = new Random(1);
            double[] xStar = randomVector(random, N);
            double[] v = multiply(SPD, xStar);
            MatrixHvp h = new MatrixHvp(SPD);

            Solution s = solve(new ConjugateGradientStrategy(N, 0.0, 0.0), h, v, null, SolveContext.NONE);

            assertThat(relativeError(s.x().toDoubleVector(), xStar)).isLessThan(1e-10);
            assertThat(s.iterations()).isEqualTo(N);
            assertThat(s.hvpCount()).isEqualTo(h.calls).isEqualTo(N);
            assertThat(s.relativeResidual()).isLessThan(1e-10);
            assertThat(s.relativeResidual())
                    .isCloseTo(trueRelativeResidual(SPD, s.x().toDoubleVector(), v), within(1e-12));
        }

        @ParameterizedTest
        @ValueSource(ints = {1, 2, 5, 9})
        void reportedResidualAndCountMatchRecomputedOnes(int iterations) {
            // Before convergence the residual is large enough for a relative comparison; a residual
            // update r <- r - a p (instead of r - a H p) would make these disagree.
            Random random = new Random(2);
            double[] v = randomVector(random, N);
            MatrixHvp h = new MatrixHvp(SPD);

            Solution s = solve(new ConjugateGradientStrategy(iterations, 0.0, 1e-12), h, v, null, SolveContext.NONE);

            double recomputed = trueRelativeResidual(SPD, s.x().toDoubleVector(), v);
            assertThat(recomputed).isGreaterThan(1e-6);
            assertThat(s.relativeResidual()).isCloseTo(recomputed, within(1e-8 * recomputed));
            assertThat(s.iterations()).isEqualTo(iterations);
            assertThat(s.hvpCount()).isEqualTo(h.calls).isEqualTo(iterations);
        }

        @Test
        void firstIterationIsTheSteepestDescentStep() {
            // x1 = (r.r / r.Hr) r with r = v: pins the step length formula.
            double[] v = randomVector(new Random(3), N);
            double[] hv = multiply(SPD, v);
            double[] expected = scale(dot(v, v) / dot(v, hv), v);

            Solution s = solve(new ConjugateGradientStrategy(1, 0.0, 0.0), new MatrixHvp(SPD), v, null,
                    SolveContext.NONE);

            assertThat(relativeError(s.x().toDoubleVector(), expected)).isLessThan(1e-13);
        }

        @Test
        void residualsDecreaseMonotonicallyInTheEnergyNorm() {
            // CG minimises the H-norm error over growing Krylov spaces: each extra iteration can only help.
            Random random = new Random(4);
            double[] xStar = randomVector(random, N);
            double[] v = multiply(SPD, xStar);
            double previous = Double.POSITIVE_INFINITY;
            for (int k = 1; k <= 12; k++) {
                Solution s = solve(new ConjugateGradientStrategy(k, 0.0, 0.0), new MatrixHvp(SPD), v, null,
                        SolveContext.NONE);
                double[] e = axpy(-1, xStar, s.x().toDoubleVector());
                double energy = Math.sqrt(dot(e, multiply(SPD, e)));
                assertThat(energy).isLessThan(previous);
                previous = energy;
            }
        }

        @Test
        void toleranceStopsEarlyAtTheFirstIterateBelowIt() {
            Random random = new Random(5);
            double[] v = randomVector(random, N);
            double tolerance = 1e-3;
            MatrixHvp h = new MatrixHvp(SPD);

            Solution s = solve(new ConjugateGradientStrategy(100, 0.0, tolerance), h, v, null, SolveContext.NONE);

            assertThat(s.iterations()).isBetween(1, N - 1);
            assertThat(s.hvpCount()).isEqualTo(h.calls).isEqualTo(s.iterations());
            assertThat(s.relativeResidual()).isLessThanOrEqualTo(tolerance);
            assertThat(trueRelativeResidual(SPD, s.x().toDoubleVector(), v)).isLessThanOrEqualTo(tolerance * 1.0001);

            // one iteration fewer was not yet below the tolerance
            Solution before = solve(new ConjugateGradientStrategy(s.iterations() - 1, 0.0, tolerance),
                    new MatrixHvp(SPD), v, null, SolveContext.NONE);
            assertThat(before.relativeResidual()).isGreaterThan(tolerance);
        }

        @Test
        void dampingSolvesTheShiftedSystem() {
            // H is indefinite (eigenvalues in [-0.5, 5]); H + 1 I is SPD.
            double[][] indefinite = symmetricWithEigenvalues(103, linspace(-0.5, 5.0, N));
            double delta = 1.0;
            double[][] shifted = plusIdentity(indefinite, delta);
            double[] xStar = randomVector(new Random(6), N);
            double[] v = multiply(shifted, xStar);
            MatrixHvp h = new MatrixHvp(indefinite);

            Solution s = solve(new ConjugateGradientStrategy(N, delta, 0.0), h, v, null, SolveContext.NONE);

            assertThat(relativeError(s.x().toDoubleVector(), xStar)).isLessThan(1e-10);
            assertThat(s.hvpCount()).isEqualTo(h.calls);
            assertThat(s.relativeResidual())
                    .isCloseTo(trueRelativeResidual(shifted, s.x().toDoubleVector(), v), within(1e-12));
        }

        @Test
        void warmStartFromTheSolutionCostsOneHvpAndReturnsIt() {
            Random random = new Random(7);
            double[] xStar = randomVector(random, N);
            double[] v = multiply(WELL, xStar);
            MatrixHvp h = new MatrixHvp(WELL);

            Solution s = solve(new ConjugateGradientStrategy(N, 0.0, 1e-10), h, v, xStar, SolveContext.NONE);

            assertThat(s.hvpCount()).isEqualTo(1).isEqualTo(h.calls);
            assertThat(s.iterations()).isZero();
            assertThat(s.x().toDoubleVector()).containsExactly(xStar);
            assertThat(s.relativeResidual()).isLessThan(1e-10);
        }

        @Test
        void warmStartFromAnApproximationFinishesTheSolve() {
            Random random = new Random(8);
            double[] xStar = randomVector(random, N);
            double[] v = multiply(SPD, xStar);
            double[] x0 = axpy(0.1, randomVector(random, N), xStar);
            MatrixHvp h = new MatrixHvp(SPD);

            Solution s = solve(new ConjugateGradientStrategy(N, 0.0, 0.0), h, v, x0, SolveContext.NONE);

            assertThat(relativeError(s.x().toDoubleVector(), xStar)).isLessThan(1e-10);
            assertThat(s.hvpCount()).isEqualTo(h.calls).isEqualTo(s.iterations() + 1);
        }

        @Test
        void zeroCurvatureStopsWithoutNaN() {
            // H = diag(1, -1), v = (1, 1): p^T H p = 0 on the first step; dividing by it would give NaN.
            double[][] h2 = {{1, 0}, {0, -1}};
            MatrixHvp h = new MatrixHvp(h2);

            Solution s = solve(new ConjugateGradientStrategy(10, 0.0, 0.0), h, new double[] {1, 1}, null,
                    SolveContext.NONE);

            assertThat(s.x().toDoubleVector()).containsExactly(0.0, 0.0);
            assertThat(s.iterations()).isZero();
            assertThat(s.hvpCount()).isEqualTo(1).isEqualTo(h.calls);
            assertThat(s.relativeResidual()).isEqualTo(1.0);
        }

        @Test
        void negativeCurvatureStopsWithoutNaN() {
            // v concentrated on negative directions: the first curvature is negative.
            double[][] negative = symmetricWithEigenvalues(104, linspace(-3.0, -1.0, N));
            double[] v = randomVector(new Random(9), N);
            MatrixHvp h = new MatrixHvp(negative);

            Solution s = solve(new ConjugateGradientStrategy(10, 0.0, 0.0), h, v, null, SolveContext.NONE);

            assertThat(s.x().toDoubleVector()).containsOnly(0.0);
            assertThat(s.iterations()).isZero();
            assertThat(s.hvpCount()).isEqualTo(1);
        }

        @Test
        void indefiniteSystemGivesFiniteIterateAndHonestResidual() {
            double[] eig = linspace(-2.0, 3.0, N);
            double[][] indefinite = symmetricWithEigenvalues(105, eig);
            double[] v = randomVector(new Random(10), N);
            MatrixHvp h = new MatrixHvp(indefinite);

            Solution s = solve(new ConjugateGradientStrategy(50, 0.0, 0.0), h, v, null, SolveContext.NONE);

            double[] x = s.x().toDoubleVector();
            assertFinite(x);
            assertThat(Double.isFinite(s.relativeResidual())).isTrue();
            // With tolerance 0 only non-positive curvature ends the loop before 50 iterations (for this
            // H and v it comes at the second step); the product that found it is counted, not used.
            assertThat(s.iterations()).isBetween(1, 49);
            assertThat(s.hvpCount()).isEqualTo(h.calls).isEqualTo(s.iterations() + 1);
            assertThat(s.relativeResidual()).isCloseTo(trueRelativeResidual(indefinite, x, v),
                    within(1e-6 * Math.max(1.0, s.relativeResidual())));
        }

        @Test
        void zeroRightHandSideGivesZeroWithoutProducts() {
            MatrixHvp h = new MatrixHvp(WELL);
            Solution s = solve(new ConjugateGradientStrategy(5, 0.0, 0.0), h, new double[N], null, SolveContext.NONE);
            assertThat(s.x().toDoubleVector()).containsOnly(0.0);
            assertThat(s.hvpCount()).isZero();
            assertThat(h.calls).isZero();
        }

        @Test
        void supportsWarmStart() {
            assertThat(new ConjugateGradientStrategy(1, 0, 0).supportsWarmStart()).isTrue();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // neumann
    // ---------------------------------------------------------------------------------------------

    @Nested
    class Neumann {

        @ParameterizedTest
        @ValueSource(ints = {0, 1, 2, 7, 30})
        void equalsTheTruncatedSeries(int n) {
            double alpha = 0.2; // < 1 / lambda_max = 0.25
            double[] v = randomVector(new Random(20 + n), N);
            MatrixHvp h = new MatrixHvp(WELL);

            Solution s = solve(new NeumannStrategy(n, alpha), h, v, null, SolveContext.NONE);

            double[] expected = neumannSeries(WELL, v, alpha, n);
            assertThat(relativeError(s.x().toDoubleVector(), expected)).isLessThan(1e-12);
            assertThat(s.hvpCount()).isEqualTo(n).isEqualTo(h.calls);
        }

        @Test
        void convergesToTheInverseForSmallAlpha() {
            double[] xStar = randomVector(new Random(21), N);
            double[] v = multiply(WELL, xStar);
            Solution s = solve(new NeumannStrategy(300, 0.2), new MatrixHvp(WELL), v, null, SolveContext.NONE);
            assertThat(relativeError(s.x().toDoubleVector(), xStar)).isLessThan(1e-10);
        }

        @Test
        void warmStartContinuesTheRichardsonIteration() {
            double alpha = 0.15;
            double[] v = randomVector(new Random(22), N);
            NeumannStrategy three = new NeumannStrategy(3, alpha);
            NeumannStrategy four = new NeumannStrategy(4, alpha);

            Solution first = solve(three, new MatrixHvp(WELL), v, null, SolveContext.NONE);
            MatrixHvp h = new MatrixHvp(WELL);
            Solution continued = solve(four, h, v, first.x().toDoubleVector(), SolveContext.NONE);

            // 3 + 4 products continue to the 7-term series
            assertThat(relativeError(continued.x().toDoubleVector(), neumannSeries(WELL, v, alpha, 7)))
                    .isLessThan(1e-12);
            assertThat(continued.hvpCount()).isEqualTo(4).isEqualTo(h.calls);
            assertThat(three.supportsWarmStart()).isTrue();
        }

        @Test
        void warmStartAtTheSolutionStaysThere() {
            double[] xStar = randomVector(new Random(23), N);
            double[] v = multiply(WELL, xStar);
            Solution s = solve(new NeumannStrategy(5, 0.2), new MatrixHvp(WELL), v, xStar, SolveContext.NONE);
            assertThat(relativeError(s.x().toDoubleVector(), xStar)).isLessThan(1e-13);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // unrolled
    // ---------------------------------------------------------------------------------------------

    @Nested
    class Unrolled {

        @ParameterizedTest
        @ValueSource(ints = {1, 2, 5, 12})
        void withoutMomentumEqualsNeumannWithTheLearningRate(int steps) {
            double eta = 0.2;
            double[] v = randomVector(new Random(30 + steps), N);
            MatrixHvp h = new MatrixHvp(WELL);

            Solution unrolled = solve(new UnrolledStrategy(steps, Double.NaN, Double.NaN), h, v, null,
                    new SolveContext(eta, 0.0, false));
            Solution neumann = solve(new NeumannStrategy(steps - 1, eta), new MatrixHvp(WELL), v, null,
                    SolveContext.NONE);

            assertThat(relativeError(unrolled.x().toDoubleVector(), neumann.x().toDoubleVector())).isLessThan(1e-12);
            assertThat(relativeError(unrolled.x().toDoubleVector(), neumannSeries(WELL, v, eta, steps - 1)))
                    .isLessThan(1e-12);
            assertThat(unrolled.hvpCount()).isEqualTo(steps - 1).isEqualTo(h.calls);
        }

        @ParameterizedTest
        @ValueSource(ints = {1, 2, 3, 8})
        void heavyBallMatchesDifferentiatingTheOptimiser(int steps) {
            double eta = 0.1;
            double mu = 0.5;
            double[] v = randomVector(new Random(40 + steps), N);

            Solution s = solve(new UnrolledStrategy(steps, Double.NaN, Double.NaN), new MatrixHvp(WELL), v, null,
                    new SolveContext(eta, mu, false));

            assertThat(relativeError(s.x().toDoubleVector(), simulateOptimiser(WELL, v, eta, mu, false, steps)))
                    .isLessThan(1e-12);
            assertThat(s.hvpCount()).isEqualTo(steps - 1);
        }

        @ParameterizedTest
        @ValueSource(ints = {1, 2, 3, 8})
        void nesterovMatchesDifferentiatingTheOptimiser(int steps) {
            double eta = 0.1;
            double mu = 0.5;
            double[] v = randomVector(new Random(50 + steps), N);

            Solution s = solve(new UnrolledStrategy(steps, Double.NaN, Double.NaN), new MatrixHvp(WELL), v, null,
                    new SolveContext(eta, mu, true));

            assertThat(relativeError(s.x().toDoubleVector(), simulateOptimiser(WELL, v, eta, mu, true, steps)))
                    .isLessThan(1e-12);
            assertThat(s.hvpCount()).isEqualTo(steps - 1);
        }

        @ParameterizedTest
        @ValueSource(booleans = {false, true})
        void withMomentumConvergesToTheInverse(boolean nesterov) {
            double[] xStar = randomVector(new Random(60), N);
            double[] v = multiply(WELL, xStar);
            SolveContext context = new SolveContext(0.1, 0.5, nesterov);

            double e10 = relativeError(solve(new UnrolledStrategy(10, Double.NaN, Double.NaN), new MatrixHvp(WELL),
                    v, null, context).x().toDoubleVector(), xStar);
            Solution s200 = solve(new UnrolledStrategy(200, Double.NaN, Double.NaN), new MatrixHvp(WELL), v, null,
                    context);
            double e200 = relativeError(s200.x().toDoubleVector(), xStar);

            assertThat(e10).isGreaterThan(1e-3);
            assertThat(e200).isLessThan(1e-8);
            assertThat(s200.hvpCount()).isEqualTo(199);
            assertThat(s200.iterations()).isEqualTo(200);
        }

        @Test
        void nesterovDiffersFromHeavyBall() {
            double[] v = randomVector(new Random(61), N);
            double[] heavy = solve(new UnrolledStrategy(4, Double.NaN, Double.NaN), new MatrixHvp(WELL), v, null,
                    new SolveContext(0.1, 0.5, false)).x().toDoubleVector();
            double[] nesterov = solve(new UnrolledStrategy(4, Double.NaN, Double.NaN), new MatrixHvp(WELL), v, null,
                    new SolveContext(0.1, 0.5, true)).x().toDoubleVector();
            assertThat(relativeError(nesterov, heavy)).isGreaterThan(1e-3);
        }

        @Test
        void overridesTakePrecedenceOverTheContext() {
            double[] v = randomVector(new Random(62), N);
            // learning rate and momentum overridden: heavy-ball with the override values, the
            // context's (and its Nesterov flag) ignored
            Solution s = solve(new UnrolledStrategy(6, 0.05, 0.3), new MatrixHvp(WELL), v, null,
                    new SolveContext(0.9, 0.9, true));
            assertThat(relativeError(s.x().toDoubleVector(), simulateOptimiser(WELL, v, 0.05, 0.3, false, 6)))
                    .isLessThan(1e-12);

            // learning-rate override with a NaN context learning rate (Adam) works
            Solution t = solve(new UnrolledStrategy(6, 0.05, Double.NaN), new MatrixHvp(WELL), v, null,
                    SolveContext.NONE);
            assertThat(relativeError(t.x().toDoubleVector(), neumannSeries(WELL, v, 0.05, 5))).isLessThan(1e-12);
        }

        @Test
        void missingLearningRateIsAConfigurationError() {
            UnrolledStrategy strategy = new UnrolledStrategy(5, Double.NaN, Double.NaN);
            MatrixHvp h = new MatrixHvp(WELL);
            INDArray v = vec(randomVector(new Random(63), N));

            assertThatThrownBy(() -> strategy.solve(h, v, null, SolveContext.NONE))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("unrolled")
                    .hasMessageContaining("learningRate");
            assertThatThrownBy(() -> strategy.solve(h, v, null, new SolveContext(Double.NaN, 0.9, true)))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("learningRate");
            assertThat(h.calls).isZero();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // exact and identity
    // ---------------------------------------------------------------------------------------------

    @Nested
    class ExactAndIdentity {

        @Test
        void exactSolvesToHighAccuracy() {
            double[] xStar = randomVector(new Random(70), N);
            double[] v = multiply(SPD, xStar);
            MatrixHvp h = new MatrixHvp(SPD);

            Solution s = solve(new ExactStrategy(100, 0.0), h, v, null, SolveContext.NONE);

            assertThat(relativeError(s.x().toDoubleVector(), xStar)).isLessThan(1e-10);
            assertThat(s.hvpCount()).isEqualTo(N).isEqualTo(h.calls);
        }

        @Test
        void exactWithDampingSolvesTheShiftedSystem() {
            double[][] indefinite = symmetricWithEigenvalues(106, linspace(-0.5, 5.0, N));
            double[] xStar = randomVector(new Random(71), N);
            double[] v = multiply(plusIdentity(indefinite, 2.0), xStar);

            Solution s = solve(new ExactStrategy(100, 2.0), new MatrixHvp(indefinite), v, null, SolveContext.NONE);

            assertThat(relativeError(s.x().toDoubleVector(), xStar)).isLessThan(1e-10);
        }

        @Test
        void exactRefusesLargeProblemsNamingMaxDimension() {
            MatrixHvp h = new MatrixHvp(SPD);
            INDArray v = vec(randomVector(new Random(72), N));
            ExactStrategy strategy = new ExactStrategy(N - 1, 0.0);

            assertThatThrownBy(() -> strategy.solve(h, v, null, SolveContext.NONE))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("maxDimension");
            assertThat(h.calls).isZero();
            // exactly at the limit is allowed
            assertThat(new ExactStrategy(N, 0.0).solve(h, v, null, SolveContext.NONE).hvpCount()).isEqualTo(N);
        }

        @Test
        void identityReturnsAlphaTimesVWithoutProducts() {
            double[] v = randomVector(new Random(73), N);
            MatrixHvp h = new MatrixHvp(WELL);

            Solution s = solve(new IdentityStrategy(0.37), h, v, null, SolveContext.NONE);

            assertThat(s.x().toDoubleVector()).containsExactly(scale(0.37, v));
            assertThat(s.hvpCount()).isZero();
            assertThat(h.calls).isZero();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // providers and settings
    // ---------------------------------------------------------------------------------------------

    @Nested
    class Providers {

        @Test
        void allProvidersAreFoundByServiceLoader() {
            Set<String> ids = new TreeSet<>();
            List<String> all = new ArrayList<>();
            for (HypergradientStrategyProvider p : ServiceLoader.load(HypergradientStrategyProvider.class)) {
                ids.add(p.id());
                all.add(p.id());
                assertThat(p.description()).isNotBlank();
            }
            assertThat(ids).containsExactlyInAnyOrder("identity", "neumann", "cg", "unrolled", "exact");
            assertThat(all).hasSameSizeAs(ids); // no duplicate registration
        }

        @Test
        void everyProviderCreatesAWorkingStrategyFromDefaults() {
            double[] xStar = randomVector(new Random(80), N);
            double[] v = multiply(WELL, xStar);
            SolveContext sgd = new SolveContext(0.01, 0.0, false);
            for (HypergradientStrategyProvider p : ServiceLoader.load(HypergradientStrategyProvider.class)) {
                HypergradientStrategy strategy = create(p.id(), Map.of());
                MatrixHvp h = new MatrixHvp(WELL);
                Solution s = solve(strategy, h, v, null, sgd);
                assertFinite(s.x().toDoubleVector());
                assertThat(s.hvpCount()).as(p.id()).isEqualTo(h.calls);
            }
            // The defaults behave as declared.
            assertThat(solve(create("identity", Map.of()), new MatrixHvp(WELL), v, null, sgd).x().toDoubleVector())
                    .containsExactly(v);
            // neumann: alpha auto = 1 / the largest Ritz value after 5 Lanczos steps from v, then 5 series terms
            Lanczos spectrum = new Lanczos(new MatrixHvp(WELL), vec(v));
            for (int j = 0; j < 5; j++) {
                spectrum.step();
            }
            double[] ritz = spectrum.ritzValues();
            Solution neumann = solve(create("neumann", Map.of()), new MatrixHvp(WELL), v, null, sgd);
            assertThat(neumann.hvpCount()).isEqualTo(10);
            assertThat(neumann.damping()).isZero();
            assertThat(relativeError(neumann.x().toDoubleVector(), neumannSeries(WELL, v, 1.0 / ritz[ritz.length - 1], 5)))
                    .isLessThan(1e-12);
            // cg: 5 iterations, damping auto (0 on this well-conditioned SPD Hessian)
            Solution cg = solve(create("cg", Map.of()), new MatrixHvp(WELL), v, null, sgd);
            assertThat(cg.iterations()).isEqualTo(5);
            assertThat(cg.damping()).isZero();
            Solution unrolled = solve(create("unrolled", Map.of()), new MatrixHvp(WELL), v, null, sgd);
            assertThat(unrolled.hvpCount()).isEqualTo(4);
            assertThat(relativeError(unrolled.x().toDoubleVector(), neumannSeries(WELL, v, 0.01, 4))).isLessThan(1e-12);
            Solution exact = solve(create("exact", Map.of()), new MatrixHvp(WELL), v, null, sgd);
            assertThat(relativeError(exact.x().toDoubleVector(), xStar)).isLessThan(1e-10);
        }

        @Test
        void givenSettingsAreUsed() {
            double[] v = randomVector(new Random(81), N);
            Solution neumann = solve(create("neumann", Map.of("iterations", 3, "alpha", 0.2)), new MatrixHvp(WELL), v,
                    null, SolveContext.NONE);
            assertThat(relativeError(neumann.x().toDoubleVector(), neumannSeries(WELL, v, 0.2, 3))).isLessThan(1e-12);
            assertThat(neumann.hvpCount()).isEqualTo(3);

            // numbers given as strings, as a config file may
            Solution identity = solve(create("identity", Map.of("alpha", "0.5")), new MatrixHvp(WELL), v, null,
                    SolveContext.NONE);
            assertThat(identity.x().toDoubleVector()).containsExactly(scale(0.5, v));

            Solution unrolled = solve(create("unrolled", Map.of("steps", "4", "learningRate", 0.1, "momentum", 0.5)),
                    new MatrixHvp(WELL), v, null, SolveContext.NONE);
            assertThat(relativeError(unrolled.x().toDoubleVector(), simulateOptimiser(WELL, v, 0.1, 0.5, false, 4)))
                    .isLessThan(1e-12);

            double[][] indefinite = symmetricWithEigenvalues(107, linspace(-0.5, 5.0, N));
            double[] xStar = randomVector(new Random(82), N);
            double[] w = multiply(plusIdentity(indefinite, 1.5), xStar);
            Solution cg = solve(create("cg", Map.of("iterations", 40, "damping", 1.5, "tolerance", 1e-12)),
                    new MatrixHvp(indefinite), w, null, SolveContext.NONE);
            assertThat(relativeError(cg.x().toDoubleVector(), xStar)).isLessThan(1e-10);
            assertThat(cg.iterations()).isLessThan(40);

            Solution exact = solve(create("exact", Map.of("damping", 1.5)), new MatrixHvp(indefinite), w, null,
                    SolveContext.NONE);
            assertThat(relativeError(exact.x().toDoubleVector(), xStar)).isLessThan(1e-10);
            MatrixHvp h = new MatrixHvp(WELL);
            HypergradientStrategy small = create("exact", Map.of("maxDimension", 5));
            assertThatThrownBy(() -> small.solve(h, vec(v), null, SolveContext.NONE))
                    .isInstanceOf(ConfigurationException.class).hasMessageContaining("maxDimension");
        }

        @Test
        void unrolledFromDefaultsNeedsALearningRateFromTheOptimiser() {
            HypergradientStrategy strategy = create("unrolled", Map.of());
            INDArray v = vec(randomVector(new Random(83), N));
            assertThatThrownBy(() -> strategy.solve(new MatrixHvp(WELL), v, null, SolveContext.NONE))
                    .isInstanceOf(ConfigurationException.class).hasMessageContaining("learningRate");
        }

        private void assertRejected(String id, Map<String, ?> given, String settingName) {
            HypergradientStrategyProvider p = provider(id);
            assertThatThrownBy(() -> p.create(Settings.resolve("strategy '" + id + "'", p.settings(), given)))
                    .as("%s with %s", id, given)
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("'" + settingName + "'")
                    .hasMessageContaining(id);
        }

        @Test
        void negativeIterationsAreRejected() {
            assertRejected("neumann", Map.of("iterations", -1), "iterations");
            assertRejected("cg", Map.of("iterations", -3), "iterations");
            assertRejected("unrolled", Map.of("steps", 0), "steps");
            assertRejected("unrolled", Map.of("steps", -2), "steps");
        }

        @Test
        void outOfRangeNumbersAreRejected() {
            assertRejected("cg", Map.of("damping", -1), "damping");
            assertRejected("cg", Map.of("damping", Double.NaN), "damping");
            assertRejected("cg", Map.of("tolerance", -1e-3), "tolerance");
            assertRejected("exact", Map.of("damping", -1.0), "damping");
            assertRejected("neumann", Map.of("alpha", 0.0), "alpha");
            assertRejected("neumann", Map.of("alpha", -0.1), "alpha");
            assertRejected("identity", Map.of("alpha", -1.0), "alpha");
            assertRejected("unrolled", Map.of("learningRate", -0.1), "learningRate");
            assertRejected("unrolled", Map.of("momentum", 1.0), "momentum");
            assertRejected("unrolled", Map.of("momentum", -0.5), "momentum");
        }

        @Test
        void unknownSettingNamesAreRejected() {
            for (String id : List.of("identity", "neumann", "cg", "unrolled", "exact")) {
                assertRejected(id, Map.of("iteratons", 5), "iteratons");
            }
        }

        @Test
        void wrongTypesAreRejected() {
            assertRejected("cg", Map.of("iterations", "many"), "iterations");
            assertRejected("neumann", Map.of("iterations", 2.5), "iterations");
            assertRejected("cg", Map.of("damping", "lots"), "damping");
            assertRejected("neumann", Map.of("alpha", "small"), "alpha");
            assertRejected("unrolled", Map.of("learningRate", "fast"), "learningRate");
            assertRejected("exact", Map.of("maxDimension", "big"), "maxDimension");
            Map<String, Object> withBoolean = new HashMap<>();
            withBoolean.put("tolerance", true);
            assertRejected("cg", withBoolean, "tolerance");
        }
    }
}
