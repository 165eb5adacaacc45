package org.tapweight.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** ROC-AUC (single and multi-task) and the binary-prediction helpers against hand-computed values. */
class BinaryMetricsTest {

    private static final double NAN = Double.NaN;
    private static final double EPS = 1e-12;

    // ---------------------------------------------------------------- single-task ROC-AUC

    @Test
    void aucOfTheTextbookExample() {
        // positives {0.35, 0.8}, negatives {0.1, 0.4}; pairs (pos, neg):
        // 0.35>0.1 win, 0.35<0.4 loss, 0.8>0.1 win, 0.8>0.4 win -> 3 of 4 = 0.75.
        // By ranks: sorted 0.1(1) 0.35(2) 0.4(3) 0.8(4); R+ = 2 + 4 = 6; (6 - 2*3/2) / (2*2) = 3/4.
        double auc = BinaryMetrics.rocAuc(new double[] {0.1, 0.4, 0.35, 0.8}, new double[] {0, 0, 1, 1});
        assertThat(auc).isCloseTo(0.75, offset(EPS));
    }

    @Test
    void aucCountsTiedPairsAsOneHalfWhateverTheirOrder() {
        // positives {0.5, 0.5, 0.9}, negatives {0.2, 0.5}; 6 pairs:
        //   each positive 0.5: beats 0.2 (1) + ties the negative 0.5 (1/2) = 1.5, twice -> 3
        //   positive 0.9 beats both -> 2
        //   AUC = (3 + 2) / 6 = 5/6.
        // By average ranks: 0.2 -> 1; the three 0.5s share (2+3+4)/3 = 3; 0.9 -> 5.
        //   R+ = 3 + 3 + 5 = 11; U = 11 - 3*4/2 = 5; AUC = 5 / (3*2) = 5/6.
        // A tie-unaware version gives 1 (ties as wins, or the negative 0.5 ranked first) or
        // 4/6 (ties as losses, or the negative 0.5 ranked last); both orders are checked.
        double[] labels = {0, 0, 1, 1, 1};
        double negativeTieFirst = BinaryMetrics.rocAuc(new double[] {0.2, 0.5, 0.5, 0.5, 0.9}, labels);
        double[] labelsReordered = {0, 1, 1, 0, 1};
        double negativeTieLast = BinaryMetrics.rocAuc(new double[] {0.2, 0.5, 0.5, 0.5, 0.9}, labelsReordered);
        assertThat(negativeTieFirst).isCloseTo(5.0 / 6.0, offset(EPS));
        assertThat(negativeTieLast).isCloseTo(5.0 / 6.0, offset(EPS));
    }

    @Test
    void allScoresTiedGiveOneHalf() {
        // every (pos, neg) pair ties -> 1/2 each
        assertThat(BinaryMetrics.rocAuc(new double[] {0.3, 0.3, 0.3, 0.3}, new double[] {1, 0, 0, 1}))
                .isCloseTo(0.5, offset(EPS));
    }

    @Test
    void perfectAndInvertedRankings() {
        double[] labels = {0, 1, 0, 1};
        assertThat(BinaryMetrics.rocAuc(new double[] {1, 2, 1.5, 3}, labels)).isEqualTo(1.0);
        assertThat(BinaryMetrics.rocAuc(new double[] {3, 1, 2, 0}, labels)).isEqualTo(0.0);
    }

    @Test
    void infiniteScoresAreAllowed() {
        assertThat(BinaryMetrics.rocAuc(new double[] {Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, 0},
                new double[] {0, 1, 1})).isEqualTo(1.0);
    }

    @Test
    void aucIsNaNWithOnlyOneClass() {
        assertThat(BinaryMetrics.rocAuc(new double[] {0.1, 0.9, 0.4}, new double[] {1, 1, 1})).isNaN();
        assertThat(BinaryMetrics.rocAuc(new double[] {0.1, 0.9, 0.4}, new double[] {0, 0, 0})).isNaN();
        assertThat(BinaryMetrics.rocAuc(new double[] {0.7}, new double[] {1})).isNaN();
    }

    @Test
    void aucMatchesBruteForcePairCountingOnRandomTiedData() {
        Random rng = new Random(20240611L);
        for (int trial = 0; trial < 200; trial++) {
            int n = 2 + rng.nextInt(60);
            double[] s = new double[n];
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                s[i] = rng.nextInt(7) / 10.0; // few distinct values -> many ties
                y[i] = rng.nextBoolean() ? 1 : 0;
            }
            double wins = 0;
            long pairs = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    if (y[i] == 1 && y[j] == 0) {
                        pairs++;
                        wins += s[i] > s[j] ? 1.0 : s[i] == s[j] ? 0.5 : 0.0;
                    }
                }
            }
            double expected = pairs == 0 ? NAN : wins / pairs;
            double actual = BinaryMetrics.rocAuc(s, y);
            if (pairs == 0) {
                assertThat(actual).isNaN();
            } else {
                assertThat(actual).as("trial %d", trial).isCloseTo(expected, offset(1e-12));
            }
        }
    }

    // ---------------------------------------------------------------- multi-task ROC-AUC

    @Test
    void multiTaskAucDropsMissingLabelsAndSkipsSingleClassTasks() {
        // 5 rows, 4 tasks.
        // task 0: labels {0, 1, -, 1, 0}, scores {0.1, 0.9, NaN(ignored), 0.3, 0.4}
        //   kept rows 0,1,3,4: pos {0.9, 0.3}, neg {0.1, 0.4}
        //   0.9 beats both (2); 0.3 beats 0.1, loses to 0.4 (1) -> 3/4 = 0.75
        //   (treating the missing label as 0 with its score 0.5 would give 4/6 instead)
        // task 1: labels {1, 1, -, 1, -} -> positives only -> skipped
        // task 2: labels {0, -, 1, 1, 0}, scores {0.6, 0.0, 0.6, 0.8, 0.2}
        //   kept rows 0,2,3,4: pos {0.6, 0.8}, neg {0.6, 0.2}
        //   0.6: tie with 0.6 (1/2) + beats 0.2 (1) = 1.5; 0.8 beats both (2) -> 3.5/4 = 0.875
        // task 3: every label missing -> skipped
        // mean over the 2 used tasks = (0.75 + 0.875) / 2 = 0.8125
        // (skipped tasks as 0 would give 1.625/4; as 0.5 would give 2.625/4 = 0.65625)
        double[][] labels = {
            {0, 1, 0, NAN},
            {1, 1, NAN, NAN},
            {NAN, NAN, 1, NAN},
            {1, 1, 1, NAN},
            {0, NAN, 0, NAN},
        };
        double[][] scores = {
            {0.1, 0.2, 0.6, 0.5},
            {0.9, 0.3, 0.0, 0.5},
            {NAN, 0.4, 0.6, NAN},
            {0.3, 0.5, 0.8, 0.5},
            {0.4, 0.6, 0.2, 0.5},
        };
        MultiTaskAuc r = BinaryMetrics.rocAucMultiTask(scores, labels);
        assertThat(r.tasks()).isEqualTo(4);
        assertThat(r.tasksUsed()).isEqualTo(2);
        assertThat(r.mean()).isCloseTo(0.8125, offset(EPS));
        double[] perTask = r.perTask();
        assertThat(perTask[0]).isCloseTo(0.75, offset(EPS));
        assertThat(perTask[1]).isNaN();
        assertThat(perTask[2]).isCloseTo(0.875, offset(EPS));
        assertThat(perTask[3]).isNaN();
        assertThat(r.used(0)).isTrue();
        assertThat(r.used(1)).isFalse();
        assertThat(r.used(2)).isTrue();
        assertThat(r.used(3)).isFalse();
    }

    @Test
    void multiTaskAucOfOneTaskEqualsSingleTaskAuc() {
        double[][] scores = {{0.1}, {0.4}, {0.35}, {0.8}};
        double[][] labels = {{0}, {0}, {1}, {1}};
        MultiTaskAuc r = BinaryMetrics.rocAucMultiTask(scores, labels);
        assertThat(r.mean()).isCloseTo(0.75, offset(EPS));
        assertThat(r.tasksUsed()).isEqualTo(1);
    }

    @Test
    void multiTaskAucWithNoUsableTaskIsNaN() {
        double[][] scores = {{0.1, 0.2}, {0.3, 0.4}};
        double[][] labels = {{1, NAN}, {1, 0 * NAN}};
        MultiTaskAuc r = BinaryMetrics.rocAucMultiTask(scores, labels);
        assertThat(r.mean()).isNaN();
        assertThat(r.tasksUsed()).isZero();
        assertThat(r.perTask()).hasSize(2);
    }

    @Test
    void multiTaskResultIsImmutable() {
        MultiTaskAuc r = new MultiTaskAuc(0.5, 1, new double[] {0.5});
        r.perTask()[0] = 0.9;
        assertThat(r.perTask()[0]).isEqualTo(0.5);
        assertThat(r).isEqualTo(new MultiTaskAuc(0.5, 1, new double[] {0.5}));
    }

    @Test
    void multiTaskValidation() {
        assertThatThrownBy(() -> BinaryMetrics.rocAucMultiTask(new double[][] {{0.1}}, new double[][] {{0}, {1}}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("scores has 1 rows but labels has 2 rows");
        assertThatThrownBy(() -> BinaryMetrics.rocAucMultiTask(new double[][] {{0.1, 0.2}, {0.3}},
                new double[][] {{0, 1}, {1, 0}}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("scores row 1 has 1 tasks but labels has 2");
        assertThatThrownBy(() -> BinaryMetrics.rocAucMultiTask(new double[][] {{0.1, 0.2}, {0.3, 0.4}},
                new double[][] {{0, 1}, {1}}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("labels row 1 has 1 tasks but row 0 has 2");
        assertThatThrownBy(() -> BinaryMetrics.rocAucMultiTask(new double[][] {{0.1, 0.2}, {0.3, 0.4}},
                new double[][] {{0, 1}, {1, 0.5}}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("label at row 1, task 1 is 0.5; binary labels must be 0, 1 or NaN (missing)");
        assertThatThrownBy(() -> BinaryMetrics.rocAucMultiTask(new double[][] {{0.1, NAN}, {0.3, 0.4}},
                new double[][] {{0, 1}, {1, 0}}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("score at row 0, task 1 is NaN but its label is present");
        assertThatThrownBy(() -> BinaryMetrics.rocAucMultiTask(new double[0][], new double[0][]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no rows");
        assertThatThrownBy(() -> BinaryMetrics.rocAucMultiTask(new double[][] {{}}, new double[][] {{}}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no tasks");
    }

    // ---------------------------------------------------------------- validation (single task)

    @Test
    void aucRejectsLabelsOtherThanZeroOrOne() {
        assertThatThrownBy(() -> BinaryMetrics.rocAuc(new double[] {0.1, 0.2, 0.3, 0.4}, new double[] {0, 1, 0, 2}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("label at index 3 is 2.0; binary labels must be 0 or 1");
        assertThatThrownBy(() -> BinaryMetrics.rocAuc(new double[] {0.1, 0.2}, new double[] {NAN, 1}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("label at index 0 is NaN; binary labels must be 0 or 1");
    }

    @Test
    void aucRejectsNaNScoresAndMismatchedOrEmptyArrays() {
        assertThatThrownBy(() -> BinaryMetrics.rocAuc(new double[] {0.1, NAN, 0.3}, new double[] {0, 1, 1}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("score at index 1 is NaN");
        assertThatThrownBy(() -> BinaryMetrics.rocAuc(new double[] {0.1, 0.2, 0.3}, new double[] {0, 1}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("scores has length 3 but labels has length 2");
        assertThatThrownBy(() -> BinaryMetrics.rocAuc(new double[0], new double[0]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> BinaryMetrics.rocAuc(null, new double[] {1}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("scores is null");
    }

    // ---------------------------------------------------------------- thresholding

    @Test
    void predictThresholdsInclusively() {
        assertThat(BinaryMetrics.predict(new double[] {0.2, 0.5, 0.7, -1}, 0.5)).containsExactly(0, 1, 1, 0);
        assertThatThrownBy(() -> BinaryMetrics.predict(new double[] {0.2, NAN}, 0.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("score at index 1 is NaN");
    }
}
