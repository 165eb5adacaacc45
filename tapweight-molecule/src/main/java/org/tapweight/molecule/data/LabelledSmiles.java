package org.tapweight.molecule.data;

import java.util.List;

/**
 * The rows of a SMILES table: each row's line in the file, its SMILES and its labels (NaN where a
 * label is missing).
 */
public record LabelledSmiles(String source, String smilesColumn, List<String> labelNames, List<Row> rows) {

    /** One data row; {@code line} is the 1-based line number in the file (the header is line 1). */
    public record Row(long line, String smiles, double[] labels) {
    }
}
