package org.tapweight.api.modality;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tapweight.api.model.Split;

/**
 * A downstream task: labelled data with a documented split, a head, a loss and metrics.
 *
 * @param <B> the modality's batch type
 */
public interface Task<B extends Batch> extends Head<B> {

    Class<B> batchType();

    /** The examples of a split; {@code data(TRAIN)} without labels is level I's default corpus. */
    Dataset<B> data(Split split);

    /**
     * Level I's corpus: by default the training split's inputs without their labels; a task may mix
     * in other unlabelled data (never its own validation or test inputs).
     */
    default Dataset<B> pretrainingCorpus() {
        return data(org.tapweight.api.model.Split.TRAIN);
    }

    /** Metrics on a whole split; contains {@link #primaryMetric()}. */
    Map<String, Double> metrics(Encoder<B> encoder, INDArray encoderParams, INDArray head, Split split);

    String primaryMetric();

    boolean higherIsBetter();

    /**
     * What loading the data did, for the run record: row counts, and every row left out with its
     * line and reason. Empty by default.
     */
    default Map<String, Object> dataReport() {
        return Map.of();
    }

    /** Checksums of the files the task read (name to SHA-256), for run records; empty for generated data. */
    default Map<String, String> dataChecksums() {
        return Map.of();
    }

    /**
     * What a {@link Predictor} needs to score new inputs after training, without the training data:
     * label names, standardisation, input columns (plain JSON values: strings, numbers, lists, maps).
     * The model file keeps it and {@link TaskProvider#predictor} makes the predictor from it. Null (the
     * default) when the task cannot score new inputs.
     */
    default Map<String, Object> predictorState() {
        return null;
    }
}
