package org.tapweight.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;

/** Accuracy, precision, recall, F1 and MCC on confusion matrices counted by hand. */
class ConfusionMatrixTest {

    private static final double EPS = 1e-12;

    //                 index: 0  1  2  3  4  5  6  7  8  9
    // predicted              1  0  1  1  0  0  1  0  0  0
    // labels                 1  1  1  0  0  1  1  0  0  0
    // cell                   TP FN TP FP TN FN TP TN TN TN  -> TP 3, FP 1, TN 4, FN 2
    private static final double[] PREDICTED = {1, 0, 1, 1, 0, 0, 1, 0, 0, 0};
    private static final double[] LABELS = {1, 1, 1, 0, 0, 1, 1, 0, 0, 0};

    @Test
    void countsTheFourCells() {
        ConfusionMatrix m = BinaryMetrics.confusion(PREDICTED, LABELS);
        assertThat(m).isEqualTo(new ConfusionMatrix(3, 1, 4, 2));
        assertThat(m.total()).isEqualTo(10);
    }

    @Test
    void metricsOfTheHandCountedMatrix() {
        // accuracy  = (TP + TN) / n = 7/10
        // precision = TP / (TP + FP) = 3/4;  recall = TP / (TP + FN) = 3/5
        //   (swapping FP and FN would swap these two)
        // F1 = 2TP / (2TP + FP + FN) = 6 / 9 = 2/3  (= 2 * 0.75 * 0.6 / 1.35)
        // MCC = (TP TN - FP FN) / sqrt((TP+FP)(TP+FN)(TN+FP)(TN+FN))
        //     = (12 - 2) / sqrt(4 * 5 * 5 * 6) = 10 / sqrt(600) = 1 / sqrt(6) = 0.40824829...
        assertThat(BinaryMetrics.accuracy(PREDICTED, LABELS)).isCloseTo(0.7, offset(EPS));
        ConfusionMatrix m = BinaryMetrics.confusion(PREDICTED, LABELS);
        assertThat(m.precision()).isCloseTo(0.75, offset(EPS));
        assertThat(m.recall()).isCloseTo(0.6, offset(EPS));
        assertThat(BinaryMetrics.f1(PREDICTED, LABELS)).isCloseTo(2.0 / 3.0, offset(EPS));
        assertThat(BinaryMetrics.mcc(PREDICTED, LABELS)).isCloseTo(0.4082482904638630, offset(EPS));
    }

    @Test
    void perfectAndInvertedPredictions() {
        double[] y = {0, 1, 1, 0, 1};
        double[] inverted = {1, 0, 0, 1, 0};
        assertThat(BinaryMetrics.mcc(y, y)).isEqualTo(1.0);
        assertThat(BinaryMetrics.f1(y, y)).isEqualTo(1.0);
        assertThat(BinaryMetrics.accuracy(y, y)).isEqualTo(1.0);
        assertThat(BinaryMetrics.mcc(inverted, y)).isEqualTo(-1.0);
        assertThat(BinaryMetrics.f1(inverted, y)).isEqualTo(0.0);
        assertThat(BinaryMetrics.accuracy(inverted, y)).isEqualTo(0.0);
    }

    @Test
    void noPredictedAndNoTruePositivesGiveZeroF1AndZeroMcc() {
        // all negative: TP = FP = FN = 0, TN = 4. F1 = 0/0 -> 0 by convention (sklearn's default);
        // MCC denominator (0)(0)(4)(4) = 0 -> 0; accuracy 4/4 = 1.
        double[] zeros = {0, 0, 0, 0};
        assertThat(BinaryMetrics.f1(zeros, zeros)).isEqualTo(0.0);
        assertThat(BinaryMetrics.mcc(zeros, zeros)).isEqualTo(0.0);
        assertThat(BinaryMetrics.accuracy(zeros, zeros)).isEqualTo(1.0);
        ConfusionMatrix m = BinaryMetrics.confusion(zeros, zeros);
        assertThat(m.precision()).isEqualTo(0.0);
        assertThat(m.recall()).isEqualTo(0.0);
    }

    @Test
    void constantPredictionsGiveZeroMccButADefinedF1() {
        // predicted all 1, labels {1, 0, 1}: TP 2, FP 1, TN 0, FN 0.
        // MCC: (TN+FP)(TN+FN) = 1 * 0 = 0 -> 0.  F1 = 4 / (4 + 1 + 0) = 0.8.  accuracy 2/3.
        double[] ones = {1, 1, 1};
        double[] labels = {1, 0, 1};
        assertThat(BinaryMetrics.mcc(ones, labels)).isEqualTo(0.0);
        assertThat(BinaryMetrics.f1(ones, labels)).isCloseTo(0.8, offset(EPS));
        assertThat(BinaryMetrics.accuracy(ones, labels)).isCloseTo(2.0 / 3.0, offset(EPS));
    }

    @Test
    void thresholdedScoresFeedThePredictionMetrics() {
        // scores >= 0.5 -> {1, 0, 1, 1}; labels {1, 0, 0, 1}: TP 2, FP 1, TN 1, FN 0
        double[] p = BinaryMetrics.predict(new double[] {0.9, 0.1, 0.5, 0.6}, 0.5);
        assertThat(BinaryMetrics.confusion(p, new double[] {1, 0, 0, 1})).isEqualTo(new ConfusionMatrix(2, 1, 1, 0));
    }

    @Test
    void rejectsNonBinaryPredictionsAndLabels() {
        assertThatThrownBy(() -> BinaryMetrics.accuracy(new double[] {1, 0.5}, new double[] {1, 0}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("prediction at index 1 is 0.5; binary predictions must be 0 or 1");
        assertThatThrownBy(() -> BinaryMetrics.f1(new double[] {1, 0, 1}, new double[] {1, 0, -1}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("label at index 2 is -1.0; binary labels must be 0 or 1");
        assertThatThrownBy(() -> BinaryMetrics.mcc(new double[] {1, 0}, new double[] {1}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("predicted has length 2 but labels has length 1");
        assertThatThrownBy(() -> new ConfusionMatrix(1, -1, 0, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
