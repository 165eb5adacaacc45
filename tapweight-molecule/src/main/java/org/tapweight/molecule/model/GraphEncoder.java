package org.tapweight.molecule.model;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.tapweight.api.modality.Encoder;
import org.tapweight.api.model.Noise;

/**
 * The graph modality's encoder contract: every shipped molecular objective and task programs against
 * it, so an encoder that implements it (the shipped GIN, or a plug-in's) works with all of them. Its
 * pass exposes node and molecule vectors and takes gradients for both. {@link GraphReadout} gives
 * the usual sum or mean pooling with its backward.
 */
public interface GraphEncoder extends Encoder<GraphBatch> {

    @Override
    default Class<GraphBatch> batchType() {
        return GraphBatch.class;
    }

    @Override
    GraphPass forward(INDArray params, GraphBatch batch, Noise noise);

    /**
     * {@code encoder} as a graph encoder, or a clear error naming who needed one: objectives receive
     * the modality-free {@link Encoder} and call this before reading node vectors.
     */
    static GraphEncoder of(Encoder<GraphBatch> encoder, String user) {
        return Encoder.as(encoder, GraphEncoder.class, user, "node vectors");
    }
}
