package org.tapweight.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Average ranks, the tie rule under both ROC-AUC and Spearman. */
class RanksTest {

    @Test
    void distinctValuesGetTheirOneBasedPositions() {
        // sorted: -1 (1), 0.5 (2), 3 (3), 7 (4)
        assertThat(Ranks.average(new double[] {3, -1, 7, 0.5})).containsExactly(3, 1, 4, 2);
    }

    @Test
    void tiesShareTheMeanOfTheirPositions() {
        // 10 -> 1; the two 20s occupy 2 and 3 -> 2.5; 30 -> 4; the three 5s occupy... sorted:
        // 5,5,5 (positions 1,2,3 -> 2), 10 (4), 20,20 (5,6 -> 5.5), 30 (7)
        assertThat(Ranks.average(new double[] {20, 5, 10, 5, 30, 20, 5}))
                .containsExactly(5.5, 2, 4, 2, 7, 5.5, 2);
    }

    @Test
    void negativeZeroTiesWithZero() {
        // -0.0 == 0.0, so they are one tie at positions 2 and 3 -> 2.5
        assertThat(Ranks.average(new double[] {0.0, -1.0, -0.0})).containsExactly(2.5, 1, 2.5);
    }

    @Test
    void infinitiesRankAsExtremes() {
        assertThat(Ranks.average(new double[] {Double.POSITIVE_INFINITY, 0, Double.NEGATIVE_INFINITY}))
                .containsExactly(3, 2, 1);
    }
}
