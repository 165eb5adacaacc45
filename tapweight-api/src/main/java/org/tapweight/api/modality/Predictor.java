package org.tapweight.api.modality;

import java.nio.file.Path;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Scores new inputs with a trained model, without the task's training data: what
 * {@code tapweight predict} uses. A task that supports it says what its predictor needs in
 * {@link Task#predictorState()}; the model file keeps that, and {@link TaskProvider#predictor}
 * makes the predictor from it again.
 *
 * @param <B> the modality's batch type
 */
public interface Predictor<B extends Batch> {

    /** The prediction columns, in the order of {@link #predict}'s columns (e.g. {@code p_active}). */
    List<String> outputNames();

    /**
     * Reads the inputs to score from a file. A row that cannot be read (a SMILES that does not parse, a
     * missing field) stays in the result with its reason; only a file that cannot be read at all (no
     * such file, a missing column, no rows) is an error.
     */
    PredictionInputs<B> read(Path file);

    /**
     * @return one row per example of {@code data}, one column per {@link #outputNames()} entry:
     *     probabilities for classification, values in the task's original units for regression
     */
    double[][] predict(Encoder<B> encoder, INDArray encoderParams, INDArray head, Dataset<B> data);
}
