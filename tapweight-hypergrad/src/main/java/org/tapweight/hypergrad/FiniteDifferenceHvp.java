package org.tapweight.hypergrad;

import org.tapweight.nn.Vectors;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tapweight.api.hypergrad.HessianVectorProduct;

/**
 * {@code H v ~ (g(p + h v) - g(p - h v)) / 2h} with {@code h = epsilon / ||v||}: a central difference
 * of gradients, so the error is O(epsilon^2) whatever the scale of v. The gradient function must
 * evaluate the same batch with the same random numbers on both sides.
 *
 * <p>Measured error for ||v|| = 1 (docs/platform-notes.md, section 3): in double, epsilon 1e-3 gives about 1e-7
 * relative; in float use epsilon near 1e-2.
 */
public final class FiniteDifferenceHvp implements HessianVectorProduct {

    private final GradientFunction gradient;
    private final INDArray point;
    private final double epsilon;
    private final INDArray shifted;
    private final INDArray gradMinus;

    /**
     * @param point   the parameters at which the Hessian is taken; never modified, and read at each
     *                product (not copied), so the caller must not change it while the operator is in use
     * @param epsilon the step for a unit-norm v
     */
    public FiniteDifferenceHvp(GradientFunction gradient, INDArray point, double epsilon) {
        if (!(epsilon > 0)) {
            throw new IllegalArgumentException("finite-difference epsilon must be > 0, got " + epsilon);
        }
        this.gradient = gradient;
        this.point = point;
        this.epsilon = epsilon;
        this.shifted = point.dup();
        this.gradMinus = point.dup();
    }

    @Override
    public int dimension() {
        return (int) point.length();
    }

    @Override
    public void apply(INDArray v, INDArray out) {
        double norm = Vectors.norm(v);
        if (norm == 0.0) {
            out.assign(0.0);
            return;
        }
        double h = epsilon / norm;
        shifted.assign(point);
        Vectors.axpy(h, v, shifted);
        gradient.gradient(shifted, out);
        shifted.assign(point);
        Vectors.axpy(-h, v, shifted);
        gradient.gradient(shifted, gradMinus);
        out.subi(gradMinus).muli(1.0 / (2.0 * h));
    }

    @Override
    public int gradientsPerProduct() {
        return 2;
    }
}
