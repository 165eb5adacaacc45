package org.tapweight.bench.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Holm-adjusted p-values against hand-computed ones. */
class HolmTest {

    @Test
    void stepDownAdjustedValuesMatchHandComputedOnes() {
        // m = 4; sorted: 0.005, 0.01, 0.03, 0.04 times 4, 3, 2, 1: 0.02, 0.03, 0.06, 0.04;
        // running maximum: 0.02, 0.03, 0.06, 0.06; back in the input's order:
        double[] adjusted = Holm.adjust(new double[] {0.01, 0.04, 0.03, 0.005});
        assertThat(adjusted).containsExactly(new double[] {0.03, 0.06, 0.06, 0.02}, within(1e-12));
    }

    @Test
    void adjustedValuesAreCappedAtOneAndKeepTheirOrder() {
        // 0.7 * 2 = 1.4 -> 1; 0.9 * 1 = 0.9, raised to the running maximum 1.
        assertThat(Holm.adjust(new double[] {0.9, 0.7})).containsExactly(1.0, 1.0);
        // 0.3 * 2 = 0.6; 0.8 * 1 = 0.8.
        assertThat(Holm.adjust(new double[] {0.8, 0.3})).containsExactly(new double[] {0.8, 0.6}, within(1e-12));
    }

    @Test
    void aFamilyOfOneIsUnchangedAndNaNIsLeftOutOfTheFamily() {
        assertThat(Holm.adjust(new double[] {0.04})).containsExactly(0.04);
        // The family is {0.01, 0.02}: 0.02, 0.02.
        double[] withNaN = Holm.adjust(new double[] {0.02, Double.NaN, 0.01});
        assertThat(withNaN[0]).isCloseTo(0.02, within(1e-12));
        assertThat(withNaN[1]).isNaN();
        assertThat(withNaN[2]).isCloseTo(0.02, within(1e-12));
        assertThat(Holm.adjust(new double[0])).isEmpty();
    }
}
