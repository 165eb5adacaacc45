package org.tapweight.molecule.data;

import java.util.ArrayList;
import java.util.List;
import org.tapweight.api.plugin.ConfigurationException;
import org.tapweight.core.config.ConfigErrors;

/**
 * Which columns of a SMILES table are read, and as what: the SMILES column, the label columns
 * (empty: every column but the SMILES column and the ignored ones), and columns that are neither
 * (a user's split column, an id).
 */
public record TableColumns(String smiles, List<String> labels, List<String> ignored) {

    public TableColumns {
        labels = List.copyOf(labels);
        ignored = List.copyOf(ignored);
    }

    /** The bundled files' reading: every column but the SMILES column is a label. */
    public static TableColumns allLabels(String smilesColumn) {
        return new TableColumns(smilesColumn, List.of(), List.of());
    }

    /**
     * The label columns of a file with {@code header}, in the order they were asked for (or the file's
     * order when all are labels). A named column missing from the header is an error naming the file,
     * the column, the nearest name in the header and every column.
     */
    public List<String> labelColumns(String source, List<String> header) {
        require(source, header, smiles, "SMILES");
        for (String i : ignored) {
            require(source, header, i, "ignored");
        }
        if (!labels.isEmpty()) {
            for (String l : labels) {
                require(source, header, l, "label");
                if (l.equals(smiles) || ignored.contains(l)) {
                    throw new ConfigurationException(source + ": column '" + l + "' cannot be a label and the "
                            + (l.equals(smiles) ? "SMILES column" : "split column") + " at once");
                }
            }
            return labels;
        }
        List<String> out = new ArrayList<>();
        for (String h : header) {
            if (!h.equals(smiles) && !ignored.contains(h)) {
                out.add(h);
            }
        }
        if (out.isEmpty()) {
            throw new ConfigurationException(source + ", line 1: no label column: the header has only " + header);
        }
        return out;
    }

    private static void require(String source, List<String> header, String column, String role) {
        if (!header.contains(column)) {
            String near = ConfigErrors.nearest(column, header);
            throw new ConfigurationException(source + ", line 1: the header has no " + role + " column '" + column + "'"
                    + (near == null ? "" : " (did you mean '" + near + "'?)") + "; columns: " + header);
        }
    }

    /** For cache keys: every choice that changes what is read. */
    public String key() {
        return "smiles column " + smiles + (labels.isEmpty() ? "" : "|labels " + labels) + (ignored.isEmpty() ? "" : "|ignored " + ignored);
    }
}
