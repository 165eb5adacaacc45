package org.tapweight.core.engine;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.tapweight.api.hypergrad.HessianVectorProduct;
import org.tapweight.nn.Vectors;

/** {@code (H + c I_enc) v}: the level-II Hessian, whose proximal part is added exactly. */
final class ProximalHessian implements HessianVectorProduct {

    private final HessianVectorProduct base;
    private final double coefficient;
    private final int encoderSize;

    ProximalHessian(HessianVectorProduct base, double coefficient, int encoderSize) {
        this.base = base;
        this.coefficient = coefficient;
        this.encoderSize = encoderSize;
    }

    @Override
    public int dimension() {
        return base.dimension();
    }

    @Override
    public void apply(INDArray v, INDArray out) {
        base.apply(v, out);
        if (encoderSize > 0 && coefficient != 0) {
            Vectors.axpy(coefficient, v.get(Vectors.range(0, encoderSize)), out.get(Vectors.range(0, encoderSize)));
        }
    }

    @Override
    public int gradientsPerProduct() {
        return base.gradientsPerProduct();
    }
}
