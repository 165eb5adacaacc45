package org.tapweight.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;

/** RMSE, MAE, Pearson and Spearman against hand-computed values. */
class RegressionMetricsTest {

    private static final double EPS = 1e-12;

    @Test
    void rmseAndMaeByHand() {
        // errors predicted - actual = {-0.5, 0.5, 0, 1}
        // MAE  = (0.5 + 0.5 + 0 + 1) / 4 = 0.5
        // RMSE = sqrt((0.25 + 0.25 + 0 + 1) / 4) = sqrt(0.375) = 0.61237243569579...
        double[] predicted = {2.5, 0.0, 2, 8};
        double[] actual = {3, -0.5, 2, 7};
        assertThat(RegressionMetrics.mae(predicted, actual)).isCloseTo(0.5, offset(EPS));
        assertThat(RegressionMetrics.rmse(predicted, actual)).isCloseTo(0.6123724356957945, offset(EPS));
        assertThat(RegressionMetrics.rmse(actual, actual)).isZero();
        assertThat(RegressionMetrics.mae(actual, actual)).isZero();
    }

    @Test
    void pearsonByHand() {
        // x mean 2.5, dx = {-1.5, -0.5, 0.5, 1.5}; y mean 5, dy = {-3, -1, 0, 4}
        // sxy = 4.5 + 0.5 + 0 + 6 = 11; sxx = 5; syy = 9 + 1 + 0 + 16 = 26
        // r = 11 / sqrt(5 * 26) = 11 / sqrt(130) = 0.96476382123773...
        double[] x = {1, 2, 3, 4};
        double[] y = {2, 4, 5, 9};
        assertThat(RegressionMetrics.pearson(x, y)).isCloseTo(0.9647638212377322, offset(EPS));
        assertThat(RegressionMetrics.pearson(y, x)).isCloseTo(0.9647638212377322, offset(EPS));
        // negating one side flips the sign; an affine map of one side keeps r
        assertThat(RegressionMetrics.pearson(x, new double[] {-2, -4, -5, -9}))
                .isCloseTo(-0.9647638212377322, offset(EPS));
        assertThat(RegressionMetrics.pearson(new double[] {13, 23, 33, 43}, y))
                .isCloseTo(0.9647638212377322, offset(EPS));
        assertThat(RegressionMetrics.pearson(x, new double[] {10, 20, 30, 40})).isCloseTo(1.0, offset(EPS));
    }

    @Test
    void spearmanWithTiesIsPearsonOfAverageRanks() {
        // x = {1, 2, 2, 3, 5} -> ranks {1, 2.5, 2.5, 4, 5}
        // y = {3, 1, 4, 4, 6} -> ranks {2, 1, 3.5, 3.5, 5}
        // both rank vectors have mean 3:
        //   drx = {-2, -0.5, -0.5, 1, 2},  dry = {-1, -2, 0.5, 0.5, 2}
        //   sxy = 2 + 1 - 0.25 + 0.5 + 4 = 7.25; sxx = 4 + .25 + .25 + 1 + 4 = 9.5; syy = 1 + 4 + .25 + .25 + 4 = 9.5
        //   rho = 7.25 / 9.5 = 29/38 = 0.76315789...
        // The no-ties formula 1 - 6 sum d^2 / (n (n^2 - 1)) gives 1 - 6 * 4.5 / 120 = 0.775, and ranks
        // that break ties by position give 0.9: a tie-unaware Spearman fails here.
        double[] x = {1, 2, 2, 3, 5};
        double[] y = {3, 1, 4, 4, 6};
        assertThat(RegressionMetrics.spearman(x, y)).isCloseTo(29.0 / 38.0, offset(EPS));
        assertThat(RegressionMetrics.spearman(x, y))
                .isCloseTo(RegressionMetrics.pearson(new double[] {1, 2.5, 2.5, 4, 5}, new double[] {2, 1, 3.5, 3.5, 5}),
                        offset(EPS));
    }

    @Test
    void spearmanIsInvariantUnderMonotoneMaps() {
        // no ties: x ranks {1,2,3,4,5}, y ranks {1,3,2,5,4}; d^2 sum = 0+1+1+1+1 = 4;
        // rho = 1 - 6*4 / (5 * 24) = 0.8
        double[] x = {1, 2, 3, 4, 5};
        double[] y = {0.1, 0.5, 0.3, 9, 2};
        double[] expY = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            expY[i] = Math.exp(y[i]);
        }
        assertThat(RegressionMetrics.spearman(x, y)).isCloseTo(0.8, offset(EPS));
        assertThat(RegressionMetrics.spearman(x, expY)).isCloseTo(0.8, offset(EPS));
        // while Pearson is not rank-based
        assertThat(RegressionMetrics.pearson(x, y)).isNotCloseTo(0.8, offset(1e-3));
    }

    @Test
    void zeroVarianceGivesNaN() {
        // {0.1, 0.1, 0.1}: the computed mean is 0.10000000000000002, so deviations are tiny but
        // non-zero; a naive implementation returns 0 or garbage instead of NaN.
        double[] constant = {0.1, 0.1, 0.1};
        double[] y = {1, 2, 3};
        assertThat(RegressionMetrics.pearson(constant, y)).isNaN();
        assertThat(RegressionMetrics.pearson(y, constant)).isNaN();
        assertThat(RegressionMetrics.spearman(constant, y)).isNaN();
        assertThat(RegressionMetrics.pearson(new double[] {4}, new double[] {7})).isNaN();
    }

    @Test
    void veryLargeAndVerySmallScalesStayFinite() {
        assertThat(RegressionMetrics.pearson(new double[] {1e-200, 2e-200, 3e-200}, new double[] {1, 2, 4}))
                .isCloseTo(RegressionMetrics.pearson(new double[] {1, 2, 3}, new double[] {1, 2, 4}), offset(1e-12));
        assertThat(RegressionMetrics.pearson(new double[] {1e200, 2e200, 3e200}, new double[] {1, 2, 4}))
                .isCloseTo(RegressionMetrics.pearson(new double[] {1, 2, 3}, new double[] {1, 2, 4}), offset(1e-12));
    }

    @Test
    void rejectsBadInput() {
        assertThatThrownBy(() -> RegressionMetrics.rmse(new double[] {1, 2}, new double[] {1, 2, 3}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("predicted has length 2 but actual has length 3");
        assertThatThrownBy(() -> RegressionMetrics.mae(new double[] {1, Double.NaN}, new double[] {1, 2}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("predicted at index 1 is NaN; values must be finite");
        assertThatThrownBy(() -> RegressionMetrics.pearson(new double[] {1, 2}, new double[] {Double.POSITIVE_INFINITY, 2}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("y at index 0 is Infinity; values must be finite");
        assertThatThrownBy(() -> RegressionMetrics.spearman(new double[0], new double[0]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty");
    }
}
