package org.tapweight.api.modality;

/**
 * A self-supervised pretraining objective (level I). It derives what it needs from the unlabelled
 * corpus once, in {@link #prepare}, and owns its head.
 *
 * @param <B> the modality's batch type
 */
public interface Objective<B extends Batch> extends Head<B> {

    /** The batch type this objective reads; checked against the encoder and task when a run is assembled. */
    Class<B> batchType();

    /** Derives labels or corruption tables from the corpus; called once before any loss. */
    void prepare(Dataset<B> corpus);

    /**
     * What {@link #prepare} found, for the run record: e.g. a label vocabulary and how many corpus
     * examples it could not label. Empty by default.
     */
    default java.util.Map<String, Object> report() {
        return java.util.Map.of();
    }
}
