package org.tapweight.molecule.model;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.tapweight.api.modality.Encoder;

/**
 * One forward pass of a {@link GraphEncoder}, kept for its backward pass: node vectors
 * ({@code [atoms, hidden]}) and molecule vectors ({@code [molecules, hidden]}). The shipped
 * objectives read either or both and send gradients back through
 * {@link #backward(INDArray, INDArray, INDArray)}; the {@link #output()} of the modality-free
 * contract is the molecule vectors.
 */
public interface GraphPass extends Encoder.Pass {

    /** The batch this pass ran on (after any corruption or augmentation the head applied). */
    GraphBatch batch();

    /** Node vectors, one row per atom of {@link #batch()}, in its atom order. */
    INDArray nodes();

    /** Molecule vectors, one row per molecule of {@link #batch()}. */
    INDArray graphs();

    @Override
    default INDArray output() {
        return graphs();
    }

    /**
     * Adds the gradient with respect to the encoder's parameters of {@code <dNodes, nodes> +
     * <dGraphs, graphs>} into {@code gradAccumulator}; either input may be null (no gradient there).
     */
    void backward(INDArray dNodes, INDArray dGraphs, INDArray gradAccumulator);

    @Override
    default void backward(INDArray dOutput, INDArray gradAccumulator) {
        backward(null, dOutput, gradAccumulator);
    }
}
