package org.tapweight.core.model;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tapweight.api.hypergrad.HessianVectorProduct;
import org.tapweight.api.model.Noise;
import org.tapweight.api.model.ParameterLayout;
import org.tapweight.api.model.Split;
import org.tapweight.api.model.TaskModel;
import org.tapweight.hypergrad.DampedHessian;
import org.tapweight.nn.Vectors;

/**
 * Level II with the L2 regulariser of {@code levelII.l2}: on the TRAIN split the loss is
 * {@code L_task(omega) + l2/2 ||omega||^2} (encoder and task head), its gradient gains
 * {@code + l2 omega} and an exact Hessian product {@code + l2 v}; finite-difference products of the
 * gradient see the term by themselves. VALIDATION and TEST losses, and all metrics, are the base
 * model's: a regulariser belongs to the training objective, and level III must judge omega by the
 * plain validation loss.
 */
public final class L2RegularisedTaskModel extends ForwardingTaskModel {

    private final TaskModel base;
    private final double l2;

    private L2RegularisedTaskModel(TaskModel base, double l2) {
        super(base);
        this.base = base;
        this.l2 = l2;
    }

    /** {@code base} with the regulariser, or {@code base} itself when {@code l2 == 0} (bit-for-bit as before). */
    public static TaskModel of(TaskModel base, double l2) {
        if (!(l2 >= 0) || Double.isInfinite(l2)) {
            throw new IllegalArgumentException("l2 must be a finite number >= 0, got " + l2);
        }
        return l2 == 0 ? base : new L2RegularisedTaskModel(base, l2);
    }

    /** The model without the regulariser: {@code model}'s base if it is one of these, else {@code model}. */
    public static TaskModel unregularised(TaskModel model) {
        return model instanceof L2RegularisedTaskModel r ? r.base : model;
    }

    public TaskModel base() {
        return base;
    }

    public double l2() {
        return l2;
    }

    @Override
    public double evaluate(INDArray params, Split split, long batchIndex, Noise noise, INDArray gradOut) {
        double loss = base.evaluate(params, split, batchIndex, noise, gradOut);
        if (split != Split.TRAIN) {
            return loss;
        }
        if (gradOut != null) {
            Vectors.axpy(l2, params, gradOut);
        }
        double n = Vectors.norm(params);
        return loss + 0.5 * l2 * n * n;
    }

    @Override
    public HessianVectorProduct exactHessian(INDArray params, Split split, long batchIndex, Noise noise) {
        HessianVectorProduct h = base.exactHessian(params, split, batchIndex, noise);
        return h == null || split != Split.TRAIN ? h : DampedHessian.of(h, l2);
    }
}
