package org.tapweight.hypergrad;

import org.tapweight.nn.Vectors;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tapweight.api.hypergrad.HessianVectorProduct;

/** {@code (H + delta I) v}: Tikhonov damping of an HVP operator, or the curvature of an L2 term added to it. */
public final class DampedHessian implements HessianVectorProduct {

    private final HessianVectorProduct hessian;
    private final double damping;

    DampedHessian(HessianVectorProduct hessian, double damping) {
        this.hessian = hessian;
        this.damping = damping;
    }

    public static HessianVectorProduct of(HessianVectorProduct hessian, double damping) {
        return damping == 0.0 ? hessian : new DampedHessian(hessian, damping);
    }

    @Override
    public int dimension() {
        return hessian.dimension();
    }

    @Override
    public void apply(INDArray v, INDArray out) {
        hessian.apply(v, out);
        Vectors.axpy(damping, v, out);
    }

    @Override
    public int gradientsPerProduct() {
        return hessian.gradientsPerProduct();
    }
}
