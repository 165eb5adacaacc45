package org.tapweight.nlp.model;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * GELU in its tanh form, {@code 0.5 x (1 + tanh(c (x + 0.044715 x^3)))} with {@code c = sqrt(2 / pi)}
 * (as in GPT-2), and in its exact form {@code x Phi(x)} (as in BERT and its descendants, e.g.
 * MiniLM): both smooth, so finite-difference curvature is meaningful.
 */
public final class Gelu {

    private static final double C = Math.sqrt(2.0 / Math.PI);
    private static final double A = 0.044715;

    private Gelu() {
    }

    /** {@code tanh(c (x + a x^3))}, the state both directions need. */
    public static INDArray inner(INDArray x) {
        INDArray x3 = x.mul(x).muli(x);
        return Transforms.tanh(x3.muli(A).addi(x).muli(C), false);
    }

    public static INDArray forward(INDArray x, INDArray tanhInner) {
        return tanhInner.add(1.0).muli(x).muli(0.5);
    }

    /** {@code dy * gelu'(x)}. */
    public static INDArray backward(INDArray x, INDArray tanhInner, INDArray dy) {
        // gelu'(x) = 0.5 (1 + t) + 0.5 x (1 - t^2) c (1 + 3 a x^2)
        INDArray oneMinusT2 = tanhInner.mul(tanhInner).rsubi(1.0);
        INDArray poly = x.mul(x).muli(3 * A).addi(1.0).muli(C);
        INDArray d = oneMinusT2.muli(poly).muli(x).muli(0.5).addi(tanhInner.add(1.0).muli(0.5));
        return d.muli(dy);
    }

    /** The exact GELU's state: {@code Phi(x) = 0.5 (1 + erf(x / sqrt 2))}, the standard normal CDF (BERT's form). */
    public static INDArray cdf(INDArray x) {
        INDArray scaled = x.mul(1.0 / Math.sqrt(2.0));
        INDArray erf = org.nd4j.linalg.factory.Nd4j.getExecutioner()
                .exec(new org.nd4j.linalg.api.ops.impl.transforms.strict.Erf(scaled, scaled.ulike()));
        return erf.addi(1.0).muli(0.5);
    }

    /** {@code x Phi(x)}. */
    public static INDArray exactForward(INDArray x, INDArray cdf) {
        return x.mul(cdf);
    }

    /** {@code dy * (Phi(x) + x phi(x))}, phi the standard normal density. */
    public static INDArray exactBackward(INDArray x, INDArray cdf, INDArray dy) {
        INDArray density = Transforms.exp(x.mul(x).muli(-0.5), false).muli(1.0 / Math.sqrt(2 * Math.PI));
        return density.muli(x).addi(cdf).muli(dy);
    }
}
