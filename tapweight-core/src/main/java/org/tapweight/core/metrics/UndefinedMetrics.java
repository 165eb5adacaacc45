package org.tapweight.core.metrics;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How an undefined metric is shown: never as a bare NaN in a table. The metric functions return NaN
 * where a metric cannot be computed (ROC-AUC with one class, a correlation with a constant input);
 * records list each such metric under {@code undefinedMetrics} with the reason, and tables print
 * {@code undefined}.
 */
public final class UndefinedMetrics {

    /** Why a metric in a task's map can be NaN (the metric functions' documented cases). */
    public static final String REASON = "undefined on this split: the labels hold one class or one value, or the model "
            + "predicts one value for every example (a correlation or ROC-AUC needs variation in both)";

    private UndefinedMetrics() {
    }

    /** {@code "<where>.<metric>" -> reason} for every NaN metric in {@code metrics}. */
    public static Map<String, String> of(String where, Map<String, Double> metrics) {
        Map<String, String> out = new LinkedHashMap<>();
        metrics.forEach((name, value) -> {
            if (value == null || Double.isNaN(value)) {
                out.put(where + "." + name, REASON);
            }
        });
        return out;
    }

    /** A metric value for a table: four decimals, or {@code undefined}. */
    public static String text(Double value) {
        return value == null || Double.isNaN(value) ? "undefined" : String.format(Locale.ROOT, "%.4f", value);
    }
}
