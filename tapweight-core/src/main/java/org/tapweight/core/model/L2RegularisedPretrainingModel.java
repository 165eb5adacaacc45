package org.tapweight.core.model;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tapweight.api.hypergrad.HessianVectorProduct;
import org.tapweight.api.model.Noise;
import org.tapweight.api.model.ParameterLayout;
import org.tapweight.api.model.PretrainingModel;
import org.tapweight.hypergrad.DampedHessian;
import org.tapweight.nn.Vectors;

/**
 * Level I with the L2 regulariser of {@code levelI.l2}: the loss whose gradient this model returns
 * is {@code sum_k c_k L_k(theta) + l2/2 ||theta||^2}, over every level-I parameter (encoder and
 * objective heads). Gradients get {@code + l2 theta}, an exact Hessian product gets {@code + l2 v},
 * and finite-difference products of the gradient see the term by themselves, so level-I steps and
 * every Hessian the hypergradient inverts describe the same problem.
 *
 * <p>The K losses returned are the base model's, <em>without</em> the regulariser. The engine reads
 * them as the L_k of {@code a_k = d/dt L_k(theta + t z)}, and {@code d theta* / d w_k = -H_I^-1 grad L_k}
 * holds for the regularised fixed point {@code sum_k w_k grad L_k + l2 theta = 0} with the
 * <em>unregularised</em> L_k: the regulariser does not depend on the weights. Adding it to each L_k
 * would add {@code l2 <theta, z>} to every a_k (a wrong hypergradient unless the weights' Jacobian
 * annihilates constant vectors, as softmax's does and softplus's does not), and would make the
 * recorded objective losses depend on l2.
 */
public final class L2RegularisedPretrainingModel implements PretrainingModel {

    private final PretrainingModel base;
    private final double l2;

    private L2RegularisedPretrainingModel(PretrainingModel base, double l2) {
        this.base = base;
        this.l2 = l2;
    }

    /** {@code base} with the regulariser, or {@code base} itself when {@code l2 == 0} (bit-for-bit as before). */
    public static PretrainingModel of(PretrainingModel base, double l2) {
        if (!(l2 >= 0) || Double.isInfinite(l2)) {
            throw new IllegalArgumentException("l2 must be a finite number >= 0, got " + l2);
        }
        return l2 == 0 ? base : new L2RegularisedPretrainingModel(base, l2);
    }

    public PretrainingModel base() {
        return base;
    }

    public double l2() {
        return l2;
    }

    /** The regulariser's value {@code l2/2 ||params||^2} (not included in {@link #evaluate}'s losses). */
    public double penalty(INDArray params) {
        double n = Vectors.norm(params);
        return 0.5 * l2 * n * n;
    }

    @Override
    public ParameterLayout layout() {
        return base.layout();
    }

    @Override
    public List<String> objectiveIds() {
        return base.objectiveIds();
    }

    @Override
    public void initialize(INDArray params, long seed) {
        base.initialize(params, seed);
    }

    @Override
    public double[] evaluate(INDArray params, long batchIndex, Noise noise, double[] gradCoefficients, INDArray gradOut) {
        double[] losses = base.evaluate(params, batchIndex, noise, gradCoefficients, gradOut);
        if (gradOut != null) {
            Vectors.axpy(l2, params, gradOut);
        }
        return losses;
    }

    @Override
    public HessianVectorProduct exactHessian(INDArray params, long batchIndex, Noise noise, double[] coefficients) {
        HessianVectorProduct h = base.exactHessian(params, batchIndex, noise, coefficients);
        return h == null ? null : DampedHessian.of(h, l2);
    }
}
