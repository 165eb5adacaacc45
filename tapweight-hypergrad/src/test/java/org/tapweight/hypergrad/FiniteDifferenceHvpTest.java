package org.tapweight.hypergrad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The central finite-difference HVP against the exact Hessian of an L2-regularised logistic
 * regression, all in double. Gradient, loss and Hessian are written in plain Java so that the
 * reference does not share code paths with the implementation under test.
 */
class FiniteDifferenceHvpTest {

    private static final int N = 200;
    private static final int D = 10;
    private static final double MU = 0.1;

    private static double[][] x;
    private static double[] y;

    @BeforeAll
    static void setUp() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        Random random = new Random(20240611L);
        x = new double[N][D];
        y = new double[N];
        double[] wTrue = new double[D];
        for (int j = 0; j < D; j++) {
            wTrue[j] = random.nextGaussian();
        }
        for (int i = 0; i < N; i++) {
            double z = 0;
            for (int j = 0; j < D; j++) {
                x[i][j] = random.nextGaussian();
                z += x[i][j] * wTrue[j];
            }
            y[i] = random.nextDouble() < sigmoid(z) ? 1.0 : 0.0;
        }
    }

    private static double sigmoid(double z) {
        return z >= 0 ? 1.0 / (1.0 + Math.exp(-z)) : Math.exp(z) / (1.0 + Math.exp(z));
    }

    /** mean log-loss + (mu/2)||w||^2, computed stably. */
    static double loss(double[] w) {
        double sum = 0;
        for (int i = 0; i < N; i++) {
            double z = dot(x[i], w);
            // -[y log s(z) + (1-y) log(1 - s(z))] = log(1 + e^z) - y z
            double softplus = z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
            sum += softplus - y[i] * z;
        }
        return sum / N + 0.5 * MU * dot(w, w);
    }

    /** X^T (p - y) / n + mu w. */
    static double[] gradient(double[] w) {
        double[] g = new double[D];
        for (int i = 0; i < N; i++) {
            double r = sigmoid(dot(x[i], w)) - y[i];
            for (int j = 0; j < D; j++) {
                g[j] += x[i][j] * r;
            }
        }
        for (int j = 0; j < D; j++) {
            g[j] = g[j] / N + MU * w[j];
        }
        return g;
    }

    /** X^T diag(p(1-p)) X / n + mu I. */
    static double[][] hessian(double[] w) {
        double[][] h = new double[D][D];
        for (int i = 0; i < N; i++) {
            double p = sigmoid(dot(x[i], w));
            double s = p * (1 - p);
            for (int a = 0; a < D; a++) {
                for (int b = 0; b < D; b++) {
                    h[a][b] += s * x[i][a] * x[i][b];
                }
            }
        }
        for (int a = 0; a < D; a++) {
            for (int b = 0; b < D; b++) {
                h[a][b] /= N;
            }
            h[a][a] += MU;
        }
        return h;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }

    private static double[] multiply(double[][] m, double[] v) {
        double[] out = new double[m.length];
        for (int i = 0; i < m.length; i++) {
            out[i] = dot(m[i], v);
        }
        return out;
    }

    private static double relativeError(double[] actual, double[] expected) {
        double[] diff = new double[actual.length];
        for (int i = 0; i < actual.length; i++) {
            diff[i] = actual[i] - expected[i];
        }
        return norm(diff) / norm(expected);
    }

    private static double[] randomVector(Random random, int n, double norm) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = random.nextGaussian();
        }
        double scale = norm / norm(v);
        for (int i = 0; i < n; i++) {
            v[i] *= scale;
        }
        return v;
    }

    private static double[] randomPoint(long seed) {
        Random random = new Random(seed);
        double[] w = new double[D];
        for (int j = 0; j < D; j++) {
            w[j] = 0.5 * random.nextGaussian();
        }
        return w;
    }

    /** A GradientFunction over the plain-Java gradient that counts its calls. */
    private static GradientFunction countingGradient(AtomicInteger calls) {
        return (params, out) -> {
            assertThat(params.dataType()).isEqualTo(DataType.DOUBLE);
            assertThat(params.length()).isEqualTo(D);
            calls.incrementAndGet();
            out.assign(Nd4j.createFromArray(gradient(params.toDoubleVector())));
        };
    }

    @Test
    void handWrittenGradientMatchesFiniteDifferencesOfTheLoss() {
        double[] w = randomPoint(7);
        double[] g = gradient(w);
        double[] numeric = new double[D];
        double step = 1e-5;
        for (int j = 0; j < D; j++) {
            double[] plus = w.clone();
            double[] minus = w.clone();
            plus[j] += step;
            minus[j] -= step;
            numeric[j] = (loss(plus) - loss(minus)) / (2 * step);
        }
        assertThat(norm(g)).isGreaterThan(1e-2); // not at a stationary point: the check means something
        assertThat(relativeError(g, numeric)).isLessThan(1e-8);
    }

    @Test
    void handWrittenHessianMatchesFiniteDifferencesOfTheGradient() {
        // A column-by-column check independent of FiniteDifferenceHvp (coordinate steps).
        double[] w = randomPoint(8);
        double[][] h = hessian(w);
        double step = 1e-5;
        for (int j = 0; j < D; j++) {
            double[] plus = w.clone();
            double[] minus = w.clone();
            plus[j] += step;
            minus[j] -= step;
            double[] gp = gradient(plus);
            double[] gm = gradient(minus);
            double[] column = new double[D];
            double[] exact = new double[D];
            for (int i = 0; i < D; i++) {
                column[i] = (gp[i] - gm[i]) / (2 * step);
                exact[i] = h[i][j];
            }
            assertThat(relativeError(column, exact)).isLessThan(1e-7);
        }
    }

    @ParameterizedTest
    @ValueSource(doubles = {1e-3, 1.0, 1e3})
    void matchesExactHessianVectorProductForAnyNormOfV(double vNorm) {
        double[] w = randomPoint(11);
        double[][] h = hessian(w);
        INDArray point = Nd4j.createFromArray(w);
        INDArray pointBefore = point.dup();
        AtomicInteger calls = new AtomicInteger();
        FiniteDifferenceHvp hvp = new FiniteDifferenceHvp(countingGradient(calls), point, 1e-3);

        assertThat(hvp.dimension()).isEqualTo(D);
        assertThat(hvp.gradientsPerProduct()).isEqualTo(2);

        Random random = new Random(Double.doubleToLongBits(vNorm));
        for (int trial = 0; trial < 5; trial++) {
            double[] v = randomVector(random, D, vNorm);
            INDArray vArray = Nd4j.createFromArray(v);
            INDArray vBefore = vArray.dup();
            INDArray out = Nd4j.valueArrayOf(new long[] {D}, Double.NaN, DataType.DOUBLE); // must be overwritten
            int callsBefore = calls.get();

            hvp.apply(vArray, out);

            double[] expected = multiply(h, v);
            assertThat(out.dataType()).isEqualTo(DataType.DOUBLE);
            assertThat(relativeError(out.toDoubleVector(), expected))
                    .as("relative error for ||v|| = %s, trial %d", vNorm, trial)
                    .isLessThan(1e-6);
            assertThat(calls.get() - callsBefore).isEqualTo(hvp.gradientsPerProduct());
            assertThat(vArray).isEqualTo(vBefore);
        }
        assertThat(point).isEqualTo(pointBefore);
    }

    @Test
    void errorShrinksQuadraticallyWithEpsilon() {
        // Central difference: error O(epsilon^2). A one-sided difference (O(epsilon)) would shrink
        // only tenfold per tenfold smaller epsilon; this distinguishes the two.
        double[] w = randomPoint(12);
        double[][] h = hessian(w);
        double[] v = randomVector(new Random(3), D, 1.0);
        double[] expected = multiply(h, v);
        double[] errors = new double[2];
        double[] epsilons = {1e-1, 1e-2};
        for (int k = 0; k < 2; k++) {
            FiniteDifferenceHvp hvp = new FiniteDifferenceHvp(countingGradient(new AtomicInteger()),
                    Nd4j.createFromArray(w), epsilons[k]);
            INDArray out = Nd4j.zeros(DataType.DOUBLE, D);
            hvp.apply(Nd4j.createFromArray(v), out);
            errors[k] = relativeError(out.toDoubleVector(), expected);
        }
        assertThat(errors[0]).isGreaterThan(1e-7);
        assertThat(errors[1]).isLessThan(errors[0] / 30);
    }

    @Test
    void zeroVectorGivesZero() {
        double[] w = randomPoint(13);
        INDArray point = Nd4j.createFromArray(w);
        INDArray pointBefore = point.dup();
        FiniteDifferenceHvp hvp = new FiniteDifferenceHvp(countingGradient(new AtomicInteger()), point, 1e-3);
        INDArray out = Nd4j.valueArrayOf(new long[] {D}, 7.0, DataType.DOUBLE);

        hvp.apply(Nd4j.zeros(DataType.DOUBLE, D), out);

        assertThat(out.toDoubleVector()).containsOnly(0.0);
        assertThat(point).isEqualTo(pointBefore);
    }

    @Test
    void repeatedProductsAreIdenticalAndDoNotDriftThePoint() {
        // The internal buffers are reused: a second product must not be contaminated by the first.
        double[] w = randomPoint(14);
        INDArray point = Nd4j.createFromArray(w);
        FiniteDifferenceHvp hvp = new FiniteDifferenceHvp(countingGradient(new AtomicInteger()), point, 1e-3);
        Random random = new Random(5);
        INDArray v1 = Nd4j.createFromArray(randomVector(random, D, 2.0));
        INDArray v2 = Nd4j.createFromArray(randomVector(random, D, 0.5));
        INDArray first = Nd4j.zeros(DataType.DOUBLE, D);
        INDArray other = Nd4j.zeros(DataType.DOUBLE, D);
        INDArray again = Nd4j.zeros(DataType.DOUBLE, D);

        hvp.apply(v1, first);
        hvp.apply(v2, other);
        hvp.apply(v1, again);

        assertThat(again.toDoubleVector()).containsExactly(first.toDoubleVector());
        assertThat(point.toDoubleVector()).containsExactly(w);
    }

    @Test
    void rejectsNonPositiveEpsilon() {
        INDArray point = Nd4j.zeros(DataType.DOUBLE, D);
        GradientFunction g = countingGradient(new AtomicInteger());
        assertThatThrownBy(() -> new FiniteDifferenceHvp(g, point, 0.0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("epsilon");
        assertThatThrownBy(() -> new FiniteDifferenceHvp(g, point, -1e-3))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FiniteDifferenceHvp(g, point, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
