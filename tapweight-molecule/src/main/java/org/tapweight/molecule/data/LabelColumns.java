package org.tapweight.molecule.data;

import java.util.ArrayList;
import java.util.List;
import org.tapweight.api.plugin.ConfigurationException;

/**
 * Whether a table's label columns can be learned and scored: a binary column needs both classes in
 * the file (else ROC-AUC is undefined in every split), and each scored split needs a column it can
 * score. Reasons name the file, column and counts.
 */
public final class LabelColumns {

    private LabelColumns() {
    }

    /** Fails when a column of {@code table} has no label, or (binary) only one class, over the whole file. */
    public static void requireUsable(FeaturizedTable table, boolean binary) {
        int[] all = new int[table.size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        for (int c = 0; c < table.labelNames().size(); c++) {
            String why = unscorable(table, all, c, binary);
            if (why != null) {
                throw new ConfigurationException(table.source() + ", column '" + table.labelNames().get(c) + "': " + why
                        + " in the whole file (" + table.size() + " molecules read, " + table.skipped().size() + " skipped)"
                        + (binary ? "; ROC-AUC needs both classes, so the column can be neither learned nor scored" : ""));
            }
        }
    }

    /**
     * Why each column cannot be scored on the molecules {@code rows} ("column 'X': only class 1 (12
     * labels)"); empty when every column can.
     */
    public static List<String> unscorable(FeaturizedTable table, int[] rows, boolean binary) {
        List<String> reasons = new ArrayList<>();
        for (int c = 0; c < table.labelNames().size(); c++) {
            String why = unscorable(table, rows, c, binary);
            if (why != null) {
                reasons.add("column '" + table.labelNames().get(c) + "': " + why);
            }
        }
        return reasons;
    }

    /** Null when column {@code c} can be scored on {@code rows}, else why not. */
    private static String unscorable(FeaturizedTable table, int[] rows, int c, boolean binary) {
        int present = 0;
        int positives = 0;
        for (int i : rows) {
            double v = table.labels()[i][c];
            if (!Double.isNaN(v)) {
                present++;
                positives += v == 1.0 ? 1 : 0;
            }
        }
        if (present == 0) {
            return "no labels";
        }
        if (binary && (positives == 0 || positives == present)) {
            return "only class " + (positives == 0 ? 0 : 1) + " (" + present + " labels)";
        }
        return null;
    }
}
