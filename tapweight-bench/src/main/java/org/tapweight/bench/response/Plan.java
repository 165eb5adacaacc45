package org.tapweight.bench.response;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.tapweight.core.record.AtomicFiles;

/**
 * What is fixed once S0 is known (plan.json): the objectives, lambda0, the validation loss at S0,
 * the predictions and the directions. A rerun reads it back instead of recomputing, so its rows
 * refer to exactly the same directions.
 *
 * @param shiftInvariant whether w(lambda + c 1) = w(lambda) (softmax): random directions are then
 *                       projected onto the sum-zero subspace
 */
record Plan(List<String> objectives, double[] lambda0, double[] weights0, int step, double validationLoss0,
            boolean shiftInvariant, List<Prediction> predictions, List<Direction> directions,
            Map<String, String> dataChecksums) {

    static final String FILE_NAME = "plan.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    void write(Path dir) throws IOException {
        AtomicFiles.writeString(dir.resolve(FILE_NAME), JSON.writeValueAsString(this));
    }

    static Plan read(Path dir) throws IOException {
        return JSON.readValue(dir.resolve(FILE_NAME).toFile(), Plan.class);
    }

    int dimension() {
        return lambda0.length;
    }
}
