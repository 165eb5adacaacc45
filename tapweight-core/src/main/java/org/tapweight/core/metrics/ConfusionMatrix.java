package org.tapweight.core.metrics;

/**
 * The 2x2 confusion matrix of binary predictions against binary labels, positive class 1, and the
 * metrics derived from it. Zero denominators follow scikit-learn's default results (which come
 * with a warning there): precision, recall and F1 are 0, and MCC is 0.
 *
 * @param truePositives  predicted 1, label 1
 * @param falsePositives predicted 1, label 0
 * @param trueNegatives  predicted 0, label 0
 * @param falseNegatives predicted 0, label 1
 */
public record ConfusionMatrix(long truePositives, long falsePositives, long trueNegatives, long falseNegatives) {

    public ConfusionMatrix {
        if (truePositives < 0 || falsePositives < 0 || trueNegatives < 0 || falseNegatives < 0) {
            throw new IllegalArgumentException("confusion-matrix counts must be non-negative: " + this);
        }
    }

    /** Counts the four cells; {@code predicted} and {@code labels} must be equal-length, non-empty and 0/1. */
    public static ConfusionMatrix of(double[] predicted, double[] labels) {
        Checks.pair("predicted", predicted, "labels", labels);
        Checks.binary("prediction", predicted);
        Checks.binary("label", labels);
        long tp = 0;
        long fp = 0;
        long tn = 0;
        long fn = 0;
        for (int i = 0; i < predicted.length; i++) {
            boolean p = predicted[i] == 1.0;
            boolean l = labels[i] == 1.0;
            if (p && l) {
                tp++;
            } else if (p) {
                fp++;
            } else if (l) {
                fn++;
            } else {
                tn++;
            }
        }
        return new ConfusionMatrix(tp, fp, tn, fn);
    }

    /** The number of samples. */
    public long total() {
        return truePositives + falsePositives + trueNegatives + falseNegatives;
    }

    /** (TP + TN) / total; NaN for an all-zero matrix. */
    public double accuracy() {
        long n = total();
        return n == 0 ? Double.NaN : (double) (truePositives + trueNegatives) / n;
    }

    /** TP / (TP + FP); 0 when nothing is predicted positive. */
    public double precision() {
        long d = truePositives + falsePositives;
        return d == 0 ? 0.0 : (double) truePositives / d;
    }

    /** TP / (TP + FN); 0 when no label is positive. */
    public double recall() {
        long d = truePositives + falseNegatives;
        return d == 0 ? 0.0 : (double) truePositives / d;
    }

    /**
     * 2 TP / (2 TP + FP + FN), the harmonic mean of precision and recall. When there are no
     * predicted and no true positives (TP = FP = FN = 0) F1 is undefined; this returns 0, as
     * scikit-learn's {@code f1_score} does by default ({@code zero_division="warn"}).
     */
    public double f1() {
        double d = 2.0 * truePositives + falsePositives + falseNegatives;
        return d == 0 ? 0.0 : 2.0 * truePositives / d;
    }

    /**
     * Matthews correlation coefficient (TP TN - FP FN) / sqrt((TP+FP)(TP+FN)(TN+FP)(TN+FN)), in
     * [-1, 1]; 0 when any of the four sums is 0 (all predictions or all labels of one class), as
     * scikit-learn's {@code matthews_corrcoef}.
     */
    public double mcc() {
        double tp = truePositives;
        double fp = falsePositives;
        double tn = trueNegatives;
        double fn = falseNegatives;
        double a = tp + fp;
        double b = tp + fn;
        double c = tn + fp;
        double d = tn + fn;
        if (a == 0 || b == 0 || c == 0 || d == 0) {
            return 0.0;
        }
        // sqrt of each pair separately keeps the product in range for any long counts
        double r = (tp * tn - fp * fn) / (Math.sqrt(a * b) * Math.sqrt(c * d));
        return Math.max(-1.0, Math.min(1.0, r));
    }
}
