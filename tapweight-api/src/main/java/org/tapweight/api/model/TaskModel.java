package org.tapweight.api.model;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tapweight.api.hypergrad.HessianVectorProduct;

/**
 * Levels II and III as the engine sees them: an encoder and a task head over one flat parameter
 * vector (layout: encoder, then the task head), evaluated on deterministic batches of a split.
 * The same purity rule as {@link PretrainingModel} applies.
 *
 * <p>The contract the engine relies on:
 * <ul>
 *   <li>{@link #evaluate} is the task loss alone. Level II's proximal term
 *       {@code gamma ||omega_enc - theta_enc||^2} couples it to level I; the engine adds it (and its
 *       Hessian) itself, so a model that added it too would count it twice.</li>
 *   <li>A regulariser of the task (e.g. an L2 penalty) belongs on {@link Split#TRAIN} only: the
 *       validation loss is level III's objective, and the hypergradient must be the gradient of the
 *       plain validation loss.</li>
 *   <li>A regulariser of level I belongs on the {@link PretrainingModel}, not here.</li>
 * </ul>
 */
public interface TaskModel {

    /** Pass as {@code batchIndex} to evaluate on the whole split at once. */
    long WHOLE_SPLIT = -1L;

    ParameterLayout layout();

    /** Writes seeded initial parameters into {@code params} (the encoder part is usually overwritten). */
    void initialize(INDArray params, long seed);

    /**
     * The task loss on a batch of {@code split}.
     *
     * @param gradOut {@code null} for the loss only; otherwise overwritten with the gradient
     */
    double evaluate(INDArray params, Split split, long batchIndex, Noise noise, INDArray gradOut);

    /**
     * An exact product with the Hessian of the task loss at {@code params} on the given batch, or
     * {@code null} where the model has none (the engine then uses finite differences).
     */
    default HessianVectorProduct exactHessian(INDArray params, Split split, long batchIndex, Noise noise) {
        return null;
    }

    /** The task's metrics on a whole split, e.g. {@code {"roc_auc": 0.91}}; the primary metric included. */
    Map<String, Double> metrics(INDArray params, Split split);

    /** How many training batches make one pass over the training split. */
    default long trainBatchesPerEpoch() {
        return 1;
    }

    /** The name of the metric that model selection and reports use. */
    String primaryMetric();

    boolean higherIsBetter();

    /** The encoder's {@code Encoder#layerStarts()} (offsets into the parameter vector), or empty. */
    default int[] encoderLayerStarts() {
        return new int[0];
    }

    /**
     * This model for a frozen-encoder probe: the same losses and head gradients, but the encoder's
     * gradient is not computed (left at zero), which saves the encoder's backward pass. The default
     * is the model itself; a probe then discards the encoder's gradient, only slower.
     */
    default TaskModel withFrozenEncoder() {
        return this;
    }

    /**
     * A probe's problem on its own: a model whose parameters are the head's only, with the encoder
     * fixed at {@code encoderParams} (its vectors computed once), giving the same losses, head
     * gradients and metrics as the probe view would. A finetuning on a frozen encoder then touches no
     * encoder-sized vector per batch (22.6 M for MiniLM). Null (the default) where the model has none.
     */
    default TaskModel headOnly(INDArray encoderParams) {
        return null;
    }
}
