package org.tapweight.api.modality;

/**
 * Examples of one modality, addressed by index.
 *
 * @param <B> the modality's batch type
 */
public interface Dataset<B extends Batch> {

    int size();

    /** Builds the model input for the examples at {@code indices}. */
    B batch(int[] indices);

    /** A short name for messages and run records, e.g. a file name and split. */
    String name();
}
