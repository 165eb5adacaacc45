package org.tapweight.api.modality;

/**
 * A model input built from some examples of a {@link Dataset}. Each modality has its own batch
 * type (graphs, token sequences, feature rows); heads use {@link #indices()} to find the labels
 * they derived for those examples.
 */
public interface Batch {

    /** The dataset indices of the examples, in batch order. */
    int[] indices();
}
