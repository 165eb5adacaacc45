package org.tapweight.api.modality;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.tapweight.api.model.Noise;

/**
 * A loss with its own parameters on top of an encoder: the common part of objectives and tasks.
 *
 * @param <B> the modality's batch type
 */
public interface Head<B extends Batch> {

    /** The number of head parameters for an encoder of the given representation width. */
    int headSize(int representationSize);

    void initializeHead(INDArray head, int representationSize, long seed);

    /**
     * The loss on {@code batch}. When {@code grads} is non-null, adds {@code grads.scale()} times the
     * gradient into its encoder and head accumulators. The head runs the encoder itself, so it may
     * corrupt or augment the batch first, drawing random numbers from {@code noise} only.
     */
    double loss(Encoder<B> encoder, INDArray encoderParams, INDArray head, B batch, Noise noise, Gradients grads);

    /** Where a head adds its gradient: accumulators for the encoder and the head, and a scale. */
    record Gradients(INDArray encoder, INDArray head, double scale) {
    }
}
