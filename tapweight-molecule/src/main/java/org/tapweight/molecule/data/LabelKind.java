package org.tapweight.molecule.data;

import java.util.Locale;

/** What a molecule table's labels are: classes scored by ROC-AUC, or values scored by RMSE. */
public enum LabelKind {
    CLASSIFICATION, REGRESSION;

    /**
     * The kind the labels show: classification when every present label is 0 or 1, else regression.
     * A user's file with 0/1 values meant as numbers says so with {@code kind: regression}.
     */
    public static LabelKind inferred(double[][] labels) {
        for (double[] row : labels) {
            for (double v : row) {
                if (!Double.isNaN(v) && v != 0.0 && v != 1.0) {
                    return REGRESSION;
                }
            }
        }
        return CLASSIFICATION;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
