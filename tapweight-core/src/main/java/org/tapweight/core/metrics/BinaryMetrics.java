package org.tapweight.core.metrics;

import java.util.Arrays;

/**
 * Metrics of binary classification: ROC-AUC of scores (single- and multi-task) and accuracy, F1
 * and MCC of 0/1 predictions. Labels are {@code double} 0 or 1 (positive class 1); see the
 * package documentation for the validation rules.
 */
public final class BinaryMetrics {

    private BinaryMetrics() {
    }

    /**
     * Area under the ROC curve of {@code scores} (higher means more likely positive) against 0/1
     * {@code labels}, computed exactly as the Mann-Whitney statistic with average ranks:
     * {@code AUC = (R+ - n+(n+ + 1)/2) / (n+ n-)}, where {@code R+} is the sum of the average ranks
     * of the positives. It equals the fraction of (positive, negative) pairs in which the positive
     * scores higher, a tied pair counting 1/2, and matches scikit-learn's {@code roc_auc_score}.
     *
     * @return the AUC in [0, 1], or NaN when only one class is present in {@code labels}
     * @throws IllegalArgumentException when the arrays are null, empty or of different lengths,
     *                                  a label is not 0 or 1, or a score is NaN (infinite scores are
     *                                  allowed: they rank as the extremes)
     */
    public static double rocAuc(double[] scores, double[] labels) {
        Checks.pair("scores", scores, "labels", labels);
        Checks.binary("label", labels);
        Checks.notNaN("score", scores);
        return auc(scores, labels);
    }

    /**
     * Mean ROC-AUC over the tasks (columns) of {@code labels[n][T]}, with {@code NaN} labels marking
     * missing values. For each task the rows with a missing label are dropped; if the remaining
     * labels hold both classes the task's AUC is computed as {@link #rocAuc}, otherwise the task is
     * skipped (it counts neither as 0 nor as 0.5). Scores where the label is missing are ignored
     * and may be anything, NaN included.
     *
     * @param scores {@code [n][T]} scores, row {@code i} for sample {@code i}
     * @param labels {@code [n][T]} labels, each 0, 1 or NaN (missing)
     * @return the mean over the used tasks (NaN when none), their count and every task's AUC (NaN
     *         for a skipped task)
     * @throws IllegalArgumentException when there are no rows or no tasks, rows differ in length
     *                                  (within or between the two matrices), a present label is
     *                                  not 0 or 1, or a score is NaN where its label is present
     */
    public static MultiTaskAuc rocAucMultiTask(double[][] scores, double[][] labels) {
        Checks.notNull("scores", scores);
        Checks.notNull("labels", labels);
        if (scores.length != labels.length) {
            throw new IllegalArgumentException(
                    "scores has " + scores.length + " rows but labels has " + labels.length + " rows");
        }
        int n = labels.length;
        if (n == 0) {
            throw new IllegalArgumentException("scores and labels have no rows; a metric needs at least one sample");
        }
        Checks.notNull("labels row 0", labels[0]);
        int tasks = labels[0].length;
        if (tasks == 0) {
            throw new IllegalArgumentException("labels has no tasks (row 0 is empty)");
        }
        for (int i = 0; i < n; i++) {
            Checks.notNull("labels row " + i, labels[i]);
            Checks.notNull("scores row " + i, scores[i]);
            if (labels[i].length != tasks) {
                throw new IllegalArgumentException(
                        "labels row " + i + " has " + labels[i].length + " tasks but row 0 has " + tasks);
            }
            if (scores[i].length != tasks) {
                throw new IllegalArgumentException(
                        "scores row " + i + " has " + scores[i].length + " tasks but labels has " + tasks);
            }
            for (int t = 0; t < tasks; t++) {
                double l = labels[i][t];
                if (Double.isNaN(l)) {
                    continue;
                }
                if (l != 0.0 && l != 1.0) {
                    throw new IllegalArgumentException("label at row " + i + ", task " + t + " is " + l
                            + "; binary labels must be 0, 1 or NaN (missing)");
                }
                if (Double.isNaN(scores[i][t])) {
                    throw new IllegalArgumentException(
                            "score at row " + i + ", task " + t + " is NaN but its label is present");
                }
            }
        }
        double[] perTask = new double[tasks];
        double sum = 0;
        int used = 0;
        double[] s = new double[n];
        double[] y = new double[n];
        for (int t = 0; t < tasks; t++) {
            int m = 0;
            for (int i = 0; i < n; i++) {
                if (!Double.isNaN(labels[i][t])) {
                    s[m] = scores[i][t];
                    y[m] = labels[i][t];
                    m++;
                }
            }
            double a = m == 0 ? Double.NaN
                    : auc(Arrays.copyOf(s, m), Arrays.copyOf(y, m));
            perTask[t] = a;
            if (!Double.isNaN(a)) {
                sum += a;
                used++;
            }
        }
        return new MultiTaskAuc(used == 0 ? Double.NaN : sum / used, used, perTask);
    }

    /**
     * 1 where {@code scores[i] >= threshold}, else 0: turns scores into predictions for
     * {@link #accuracy}, {@link #f1} and {@link #mcc} (threshold 0.5 for probabilities, 0 for
     * logits).
     *
     * @throws IllegalArgumentException when {@code scores} is null or holds NaN, or the threshold is NaN
     */
    public static double[] predict(double[] scores, double threshold) {
        Checks.notNull("scores", scores);
        Checks.notNaN("score", scores);
        if (Double.isNaN(threshold)) {
            throw new IllegalArgumentException("threshold is NaN");
        }
        double[] p = new double[scores.length];
        for (int i = 0; i < scores.length; i++) {
            p[i] = scores[i] >= threshold ? 1.0 : 0.0;
        }
        return p;
    }

    /** The confusion matrix of 0/1 {@code predicted} against 0/1 {@code labels}; see {@link ConfusionMatrix#of}. */
    public static ConfusionMatrix confusion(double[] predicted, double[] labels) {
        return ConfusionMatrix.of(predicted, labels);
    }

    /** The fraction of 0/1 predictions equal to their 0/1 labels. */
    public static double accuracy(double[] predicted, double[] labels) {
        return ConfusionMatrix.of(predicted, labels).accuracy();
    }

    /**
     * F1 of the positive class 1: 2 TP / (2 TP + FP + FN); 0 when TP = FP = FN = 0 (no predicted
     * and no true positives), scikit-learn's default. See {@link ConfusionMatrix#f1}.
     */
    public static double f1(double[] predicted, double[] labels) {
        return ConfusionMatrix.of(predicted, labels).f1();
    }

    /** Matthews correlation coefficient, 0 when its denominator is 0; see {@link ConfusionMatrix#mcc}. */
    public static double mcc(double[] predicted, double[] labels) {
        return ConfusionMatrix.of(predicted, labels).mcc();
    }

    /** The Mann-Whitney AUC of validated, equal-length, NaN-free scores and 0/1 labels; NaN for one class. */
    private static double auc(double[] scores, double[] labels) {
        long positives = 0;
        for (double l : labels) {
            if (l == 1.0) {
                positives++;
            }
        }
        long negatives = labels.length - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        double[] ranks = Ranks.average(scores);
        double rankSum = 0;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] == 1.0) {
                rankSum += ranks[i];
            }
        }
        double u = rankSum - positives * (positives + 1) / 2.0;
        return u / ((double) positives * negatives);
    }
}
