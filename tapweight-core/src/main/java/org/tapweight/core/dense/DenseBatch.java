package org.tapweight.core.dense;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.tapweight.api.modality.Batch;

/**
 * Feature rows of some examples: {@code features} is {@code [examples, features]}; {@code labels}
 * is {@code [examples, 1]}, or null where the data set has none.
 */
public record DenseBatch(int[] indices, INDArray features, INDArray labels) implements Batch {

    /** The labels; an error where the batch has none. */
    public INDArray requireLabels() {
        if (labels == null) {
            throw new IllegalStateException("this batch has no labels (an unlabelled corpus?)");
        }
        return labels;
    }
}
