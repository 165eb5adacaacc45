package org.tapweight.hypergrad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tapweight.hypergrad.StrategiesTest.MatrixHvp;
import static org.tapweight.hypergrad.StrategiesTest.WELL;
import static org.tapweight.hypergrad.StrategiesTest.axpy;
import static org.tapweight.hypergrad.StrategiesTest.multiply;
import static org.tapweight.hypergrad.StrategiesTest.randomVector;
import static org.tapweight.hypergrad.StrategiesTest.relativeError;
import static org.tapweight.hypergrad.StrategiesTest.scale;
import static org.tapweight.hypergrad.StrategiesTest.solve;

import java.util.Random;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.tapweight.api.hypergrad.Solution;
import org.tapweight.api.hypergrad.SolveContext;

/**
 * {@code unrolled} on a level whose optimiser has a diagonal preconditioner (Adam as preconditioned
 * heavy-ball): the adjoint of differentiating T frozen-preconditioner steps, checked against the
 * transpose of that map built column by column from a direct simulation (P H is not symmetric, so the
 * transpose matters).
 */
class PreconditionedUnrolledTest {

    private static final int N = 20;

    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    /** Entries spread by a factor of about exp(4 spread) (Adam's span orders of magnitude). */
    static double[] preconditioner(int n, double spread) {
        Random random = new Random(9);
        double[] p = new double[n];
        for (int i = 0; i < n; i++) {
            p[i] = Math.exp(spread * random.nextGaussian());
        }
        return p;
    }

    /** -theta_T after T steps on g = H theta + d from rest: the linear map d -> -delta theta_T. */
    static double[] simulate(double[][] h, double[] p, double[] d, double eta, double mu, boolean nesterov, int steps) {
        int n = d.length;
        double[] theta = new double[n];
        double[] velocity = new double[n];
        for (int t = 0; t < steps; t++) {
            double[] g = axpy(1.0, d, multiply(h, theta));
            double[] pg = new double[n];
            for (int i = 0; i < n; i++) {
                pg[i] = p[i] * g[i];
            }
            if (nesterov) {
                double[] next = axpy(-eta, pg, scale(mu, velocity)); // u' = mu u - eta P g
                theta = axpy(1 + mu, next, axpy(-mu, velocity, theta));
                velocity = next;
            } else {
                velocity = axpy(1.0, g, scale(mu, velocity)); // m' = mu m + g
                double[] pm = new double[n];
                for (int i = 0; i < n; i++) {
                    pm[i] = p[i] * velocity[i];
                }
                theta = axpy(-eta, pm, theta); // theta' = theta - eta P m'
            }
        }
        return scale(-1.0, theta);
    }

    /** M^T v where column j of M is simulate(e_j). */
    static double[] adjointBySimulation(double[][] h, double[] p, double[] v, double eta, double mu, boolean nesterov,
                                        int steps) {
        int n = v.length;
        double[] out = new double[n];
        for (int j = 0; j < n; j++) {
            double[] e = new double[n];
            e[j] = 1.0;
            double[] column = simulate(h, p, e, eta, mu, nesterov, steps);
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += column[i] * v[i];
            }
            out[j] = s;
        }
        return out;
    }

    @ParameterizedTest
    @CsvSource({"1,false", "2,false", "7,false", "3,true", "7,true"})
    void matchesTheTransposeOfTheSimulatedPreconditionedOptimiser(int steps, boolean nesterov) {
        double[] p = preconditioner(N, 2.0);
        double eta = 0.01;
        double mu = 0.9;
        double[] v = randomVector(new Random(10 + steps), N);
        MatrixHvp h = new MatrixHvp(WELL);
        Solution s = solve(new UnrolledStrategy(steps, Double.NaN, Double.NaN), h, v, null,
                new SolveContext(eta, mu, nesterov, Nd4j.createFromArray(p)));
        assertThat(relativeError(s.x().toDoubleVector(), adjointBySimulation(WELL, p, v, eta, mu, nesterov, steps)))
                .isLessThan(1e-12);
        assertThat(s.hvpCount()).isEqualTo(steps - 1).isEqualTo(h.calls);
    }

    @Test
    void oneStepIsThePreconditionedIdentityAndManyStepsReachTheInverse() {
        double[] p = preconditioner(N, 0.3); // eta P H in [0.02, 0.4]: the frozen iteration converges
        double[] v = randomVector(new Random(20), N);
        SolveContext adamLike = new SolveContext(0.05, 0.9, false, Nd4j.createFromArray(p));
        double[] one = solve(new UnrolledStrategy(1, Double.NaN, Double.NaN), new MatrixHvp(WELL), v, null, adamLike)
                .x().toDoubleVector();
        for (int i = 0; i < N; i++) {
            assertThat(one[i]).isEqualTo(0.05 * p[i] * v[i], org.assertj.core.api.Assertions.within(1e-15));
        }
        double[] inverse = new LUDecomposition(new Array2DRowRealMatrix(WELL)).getSolver().solve(new ArrayRealVector(v)).toArray();
        double[] many = solve(new UnrolledStrategy(2000, Double.NaN, Double.NaN), new MatrixHvp(WELL), v, null, adamLike)
                .x().toDoubleVector();
        assertThat(relativeError(many, inverse)).isLessThan(1e-6);
        assertThat(relativeError(one, inverse)).isGreaterThan(0.1);
    }

    @Test
    void aGivenLearningRateDropsTheOptimisersPreconditioner() {
        double[] v = randomVector(new Random(21), N);
        SolveContext adamLike = new SolveContext(0.002, 0.9, false, Nd4j.createFromArray(preconditioner(N, 2.0)));
        double[] overridden = solve(new UnrolledStrategy(3, 0.1, Double.NaN), new MatrixHvp(WELL), v, null, adamLike)
                .x().toDoubleVector();
        double[] plain = solve(new UnrolledStrategy(3, 0.1, Double.NaN), new MatrixHvp(WELL), v, null,
                new SolveContext(0.002, 0.9, false)).x().toDoubleVector();
        assertThat(overridden).containsExactly(plain);
    }
}
