package org.tapweight.hypergrad;

import org.tapweight.nn.Vectors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tapweight.api.hypergrad.HessianVectorProduct;

/**
 * The Lanczos process on an HVP operator, started from the right-hand side v. After j products it
 * holds an orthonormal basis {@code Q_j} of the Krylov space {@code K_j(H, v)} and the tridiagonal
 * {@code T_j = Q_j^T H Q_j}, with {@code H Q_j = Q_j T_j + beta_j q_(j+1) e_j^T}.
 *
 * <p>Two things come from it for the price of j HVPs: the eigenvalues of {@code T_j} (Ritz values),
 * which estimate the extremes of H's spectrum as v sees it, and for any damping delta the Krylov
 * solution {@code x = ||v|| Q_j (T_j + delta I)^-1 e_1} of {@code (H + delta I) x = v} — what j steps
 * of CG on the damped system would compute, except that delta is chosen after the spectrum is seen,
 * and the solve stays defined when H is indefinite. Both residuals of that x are known without
 * another product (see {@link #solve}). Each new basis vector is orthogonalised against all earlier
 * ones, twice, so the basis stays orthonormal in float too.
 */
public final class Lanczos {

    private final HessianVectorProduct hessian;
    private final double vNorm;
    private final List<INDArray> basis = new ArrayList<>();
    private final List<Double> alphas = new ArrayList<>();
    private final List<Double> betas = new ArrayList<>();
    private final INDArray w;
    private boolean invariant;

    /** @param v the start vector (not modified); must not be zero */
    public Lanczos(HessianVectorProduct hessian, INDArray v) {
        this.hessian = hessian;
        this.vNorm = Vectors.norm(v);
        if (!(vNorm > 0) || !Double.isFinite(vNorm)) {
            throw new IllegalArgumentException("Lanczos needs a finite non-zero start vector, its norm is " + vNorm);
        }
        basis.add(v.div(vNorm));
        this.w = Vectors.zerosLike(v);
    }

    /** Products spent so far (the size of T). */
    public int steps() {
        return alphas.size();
    }

    /** True once the Krylov space is invariant under H: the last solve was exact. */
    public boolean invariant() {
        return invariant;
    }

    /**
     * One more product. Returns false, spending nothing, once the Krylov space is invariant.
     *
     * @throws ArithmeticException if the product is not finite
     */
    public boolean step() {
        if (invariant) {
            return false;
        }
        INDArray q = basis.get(basis.size() - 1);
        hessian.apply(q, w);
        double alpha = Vectors.dot(q, w);
        if (!Double.isFinite(alpha)) {
            throw new ArithmeticException("Lanczos: a Hessian-vector product is not finite (q^T H q = " + alpha + ")");
        }
        double hqNorm = Vectors.norm(w);
        for (int pass = 0; pass < 2; pass++) {
            for (INDArray b : basis) {
                Vectors.axpy(-Vectors.dot(b, w), b, w);
            }
        }
        double beta = Vectors.norm(w);
        alphas.add(alpha);
        betas.add(beta);
        // What is left after removing the Krylov space is rounding: H maps the space into itself.
        if (beta <= 1e-10 * Math.max(hqNorm, Double.MIN_NORMAL)) {
            invariant = true;
        } else {
            basis.add(w.div(beta));
        }
        return true;
    }

    /** The eigenvalues of {@code T_j}, ascending (the extremes converge first, to H's extremes). */
    public double[] ritzValues() {
        int j = steps();
        if (j == 0) {
            return new double[0];
        }
        double[] main = new double[j];
        double[] secondary = new double[Math.max(0, j - 1)];
        for (int i = 0; i < j; i++) {
            main[i] = alphas.get(i);
            if (i < j - 1) {
                secondary[i] = betas.get(i);
            }
        }
        double[] values = j == 1 ? main : new EigenDecomposition(main, secondary).getRealEigenvalues();
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted;
    }

    /** A solution in the Krylov space, with both of its relative residuals. */
    public record KrylovSolution(double[] coefficients, double dampedResidual, double undampedResidual, double damping) {
    }

    /**
     * Solves {@code (T_j + delta I) y = ||v|| e_1}. For {@code x = Q_j y}:
     * {@code v - (H + delta I) x = -beta_j y_j q_(j+1)} and {@code v - H x = delta x - beta_j y_j q_(j+1)},
     * so the relative residuals are {@code |beta_j y_j| / ||v||} and
     * {@code sqrt(delta^2 ||y||^2 + beta_j^2 y_j^2) / ||v||} (exact while Q stays orthonormal).
     *
     * @throws ArithmeticException if {@code T_j + delta I} is singular
     */
    public KrylovSolution solve(double delta) {
        int j = steps();
        RealMatrix t = new Array2DRowRealMatrix(j, j);
        for (int i = 0; i < j; i++) {
            t.setEntry(i, i, alphas.get(i) + delta);
            if (i < j - 1) {
                t.setEntry(i, i + 1, betas.get(i));
                t.setEntry(i + 1, i, betas.get(i));
            }
        }
        RealVector rhs = new ArrayRealVector(j);
        rhs.setEntry(0, vNorm);
        LUDecomposition lu = new LUDecomposition(t, 1e-300);
        if (!lu.getSolver().isNonSingular()) {
            throw new ArithmeticException("Lanczos: T + " + delta + " I is singular; damp the solve");
        }
        double[] y = lu.getSolver().solve(rhs).toArray();
        double tail = invariant ? 0.0 : betas.get(j - 1) * y[j - 1];
        double yy = 0;
        for (double c : y) {
            yy += c * c;
        }
        return new KrylovSolution(y, Math.abs(tail) / vNorm, Math.sqrt(delta * delta * yy + tail * tail) / vNorm, delta);
    }

    /** {@code x = Q_j y}, in the data type of v. */
    public INDArray combine(double[] coefficients) {
        INDArray x = Vectors.zerosLike(w);
        for (int i = 0; i < coefficients.length; i++) {
            Vectors.axpy(coefficients[i], basis.get(i), x);
        }
        return x;
    }

    /**
     * The smallest damping {@code delta >= 0} for which the damped Ritz spectrum
     * {@code [theta_min + delta, theta_max + delta]} is positive with condition number at most
     * {@code maxCondition}: {@code delta = max(0, (theta_max - maxCondition theta_min) / (maxCondition - 1))}.
     * Zero for a positive-definite H that is already that well conditioned; above {@code -theta_min}
     * for an indefinite one. (If every Ritz value is 0, 0.)
     */
    public static double autoDamping(double[] ritzValues, double maxCondition) {
        if (ritzValues.length == 0) {
            return 0.0;
        }
        double lo = ritzValues[0];
        double hi = ritzValues[ritzValues.length - 1];
        if (hi <= 0 && lo == hi) {
            return lo == 0 ? 0.0 : -lo * (1 + 1 / (maxCondition - 1)); // a single negative value: damp it to |lo| / (k - 1)
        }
        return Math.max(0.0, (hi - maxCondition * lo) / (maxCondition - 1));
    }
}
