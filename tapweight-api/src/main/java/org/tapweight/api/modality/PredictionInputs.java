package org.tapweight.api.modality;

import java.util.List;

/**
 * The rows of a file to score: every row as read, and the examples of the rows that could be read.
 *
 * @param header the file's column names
 * @param rows   every data row in file order
 * @param data   the examples of the readable rows ({@link Row#index()} addresses them)
 */
public record PredictionInputs<B extends Batch>(List<String> header, List<Row> rows, Dataset<B> data) {

    /**
     * One data row of the file.
     *
     * @param line   the 1-based line number in the file (the header is line 1)
     * @param fields the row's fields as read
     * @param index  the row's example in {@link PredictionInputs#data()}, or -1 when it could not be read
     * @param error  why it could not be read, or null
     */
    public record Row(long line, List<String> fields, int index, String error) {
    }

    /** How many rows could not be read. */
    public long unreadable() {
        return rows.stream().filter(r -> r.index() < 0).count();
    }
}
