package org.tapweight.core.model;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.tapweight.api.hypergrad.HessianVectorProduct;
import org.tapweight.hypergrad.Vectors;

/** {@code (H + l2 I) v}: an exact Hessian product with an L2 regulariser's curvature added. */
final class ShiftedHessian implements HessianVectorProduct {

    private final HessianVectorProduct base;
    private final double l2;

    ShiftedHessian(HessianVectorProduct base, double l2) {
        this.base = base;
        this.l2 = l2;
    }

    @Override
    public int dimension() {
        return base.dimension();
    }

    @Override
    public void apply(INDArray v, INDArray out) {
        base.apply(v, out);
        Vectors.axpy(l2, v, out);
    }

    @Override
    public int gradientsPerProduct() {
        return base.gradientsPerProduct();
    }
}
