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

    /**
     * What, besides the objective's settings and the head's size, fixes the meaning of the head's
     * parameters, after {@link #prepare}: e.g. the names of label columns derived from the corpus.
     * A head trained on one corpus is carried over to a run on another only where this is equal
     * (and the settings and size are). Must be JSON-serialisable (strings, numbers, lists, maps).
     * Empty by default: the head means the same on every corpus.
     */
    default java.util.Map<String, Object> headSignature() {
        return java.util.Map.of();
    }
}
