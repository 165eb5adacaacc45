package org.tapweight.molecule.data;

import java.util.List;
import org.tapweight.molecule.chem.MolecularGraph;

/**
 * A featurised SMILES table: one graph, its labels (NaN where missing) and its source line per kept
 * row, plus every row that was left out and why.
 */
public record FeaturizedTable(String source, String sha256, List<String> labelNames, List<MolecularGraph> graphs,
                              double[][] labels, long[] lines, List<Skipped> skipped) {

    /** A row left out under {@link InvalidSmilesPolicy#SKIP}. */
    public record Skipped(long line, String smiles, String reason) {
    }

    public int size() {
        return graphs.size();
    }
}
