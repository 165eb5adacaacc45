package org.tapweight.api.modality;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.tapweight.api.model.Noise;

/**
 * The shared encoder of a modality: parameters in a flat vector, a forward pass that returns a
 * representation and can be differentiated backwards.
 *
 * @param <B> the modality's batch type
 */
public interface Encoder<B extends Batch> {

    /** The batch type this encoder reads; checked against the task and objectives when a run is assembled. */
    Class<B> batchType();

    int parameterCount();

    /** Width of one row of the representation. */
    int representationSize();

    void initialize(INDArray params, long seed);

    /** Runs the encoder; the representation's rows are defined by the modality (e.g. one per atom). */
    Pass forward(INDArray params, B batch, Noise noise);

    /**
     * Where each parameter group begins in the encoder's parameter vector, input side first: the
     * input embedding is group 0, then one group per layer. Used to finetune with the lower groups
     * frozen ({@code finetune.frozenLayers}). Empty (the default) when the encoder has no such order.
     */
    default int[] layerStarts() {
        return new int[0];
    }

    /**
     * {@code encoder} as the modality contract {@code contract} (e.g. a graph encoder), or a clear
     * error naming who needed it and for what.
     *
     * @param user  who needs it, e.g. {@code objective 'motif'}
     * @param needs what for, e.g. {@code node vectors}
     */
    static <T> T as(Encoder<?> encoder, Class<T> contract, String user, String needs) {
        if (contract.isInstance(encoder)) {
            return contract.cast(encoder);
        }
        throw new org.tapweight.api.plugin.ConfigurationException(user + " needs " + needs + ", so its encoder must implement "
                + contract.getName() + "; " + encoder.getClass().getName() + " does not");
    }

    /** One forward pass, kept for its backward pass. */
    interface Pass {

        /** The representation, {@code [rows, representationSize]}. */
        INDArray output();

        /** Adds {@code d output^T (d loss / d output)} with respect to the parameters into {@code gradAccumulator}. */
        void backward(INDArray dOutput, INDArray gradAccumulator);
    }
}
