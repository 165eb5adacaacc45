package org.tapweight.api.model;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tapweight.api.hypergrad.HessianVectorProduct;

/**
 * Level I as the engine sees it: an encoder and K objective heads over one flat parameter vector
 * (layout: encoder, then one head per objective), evaluated on deterministic batches of the
 * unlabelled corpus.
 *
 * <p>Evaluations must be pure functions of (parameters, batch index, noise): they never change
 * state that a later evaluation sees (no running statistics, no caches that alter results).
 */
public interface PretrainingModel {

    ParameterLayout layout();

    /** The ids of the K objectives, in the order of losses and coefficients. */
    List<String> objectiveIds();

    /** Writes seeded initial parameters (or those of a base checkpoint) into {@code params}. */
    void initialize(INDArray params, long seed);

    /**
     * The K objective losses on batch {@code batchIndex} of the corpus's deterministic batch stream.
     *
     * @param gradCoefficients when {@code gradOut} is non-null: the coefficients c_k of the gradient
     * @param gradOut          {@code null} for losses only; otherwise overwritten with
     *                         {@code sum_k c_k * grad L_k(params)}
     */
    double[] evaluate(INDArray params, long batchIndex, Noise noise, double[] gradCoefficients, INDArray gradOut);

    /**
     * An exact product with the Hessian of {@code sum_k c_k L_k} at {@code params} on the given batch,
     * or {@code null} where the model has none; the engine then uses central finite differences of
     * {@link #evaluate} gradients.
     */
    default HessianVectorProduct exactHessian(INDArray params, long batchIndex, Noise noise, double[] coefficients) {
        return null;
    }
}
