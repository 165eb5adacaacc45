package org.tapweight.hypergrad;

import org.nd4j.linalg.api.ndarray.INDArray;

/** A gradient oracle: writes the gradient of a fixed loss (fixed batch, fixed noise) at {@code params}. */
@FunctionalInterface
public interface GradientFunction {

    void gradient(INDArray params, INDArray out);
}
