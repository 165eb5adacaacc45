package org.tapweight.testkit;

import java.util.Random;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/** A symmetric positive definite test matrix {@code Q diag(lambda) Q^T} with known eigenvalues, for strategy checks. */
final class SpdMatrix {

    private final RealMatrix q;
    private final double[] eigenvalues;

    private SpdMatrix(RealMatrix q, double[] eigenvalues) {
        this.q = q;
        this.eigenvalues = eigenvalues;
    }

    /** Eigenvalues geometric from 1 to {@code condition}; eigenvectors from the QR of a Gaussian matrix. */
    static SpdMatrix random(int n, double condition, long seed) {
        if (n < 1 || !(condition >= 1)) {
            throw new IllegalArgumentException("needs n >= 1 and a condition number >= 1");
        }
        Random rnd = new Random(seed);
        double[][] g = new double[n][n];
        for (double[] row : g) {
            for (int j = 0; j < n; j++) {
                row[j] = rnd.nextGaussian();
            }
        }
        double[] lambda = new double[n];
        for (int i = 0; i < n; i++) {
            lambda[i] = n == 1 ? 1 : Math.pow(condition, i / (double) (n - 1));
        }
        return new SpdMatrix(new QRDecomposition(MatrixUtils.createRealMatrix(g)).getQ(), lambda);
    }

    double[] times(double[] x) {
        return apply(x, 0, false);
    }

    /** {@code (H + damping I)^-1 v}. */
    double[] solve(double[] v, double damping) {
        return apply(v, damping, true);
    }

    private double[] apply(double[] x, double damping, boolean inverse) {
        double[] y = q.transpose().operate(x);
        for (int i = 0; i < y.length; i++) {
            y[i] = inverse ? y[i] / (eigenvalues[i] + damping) : y[i] * eigenvalues[i];
        }
        return q.operate(y);
    }
}
