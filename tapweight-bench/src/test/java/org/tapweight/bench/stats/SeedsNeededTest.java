package org.tapweight.bench.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * Seeds needed against hand-computed cases (alpha 0.05 two-sided, power 0.8; z: 1.959964 + 0.841621 = 2.801585).
 * Each case: the smallest n with n >= ((t(n-1, 0.975) + t(n-1, 0.8)) * sd / delta)^2.
 */
class SeedsNeededTest {

    @Test
    void aDifferenceOfHalfTheSdNeeds34Seeds() {
        // sd / delta = 2. Normal: (2.801585 * 2)^2 = 31.40 -> start at 32.
        // n = 32, df 31: (2.039513 + 0.853475) * 2 = 5.785976, squared 33.48 > 32;
        // n = 33, df 32: (2.036933 + 0.852998) * 2 = 5.779862, squared 33.41 > 33;
        // n = 34, df 33: (2.034515 + 0.852542) * 2 = 5.774114, squared 33.34 <= 34. (G*Power, exact: 34.)
        assertThat(SeedsNeeded.seeds(0.1, 0.05)).hasValue(34);
    }

    @Test
    void aDifferenceOfOneSdNeeds10Seeds() {
        // Normal: 2.801585^2 = 7.85 -> start at 8.
        // n = 8, df 7: (2.364624 + 0.896030)^2 = 10.63 > 8; n = 9, df 8: (2.306004 + 0.888890)^2 = 10.21 > 9;
        // n = 10, df 9: (2.262157 + 0.883036)^2 = 9.89 <= 10. (G*Power, exact: 10.)
        assertThat(SeedsNeeded.seeds(0.01, 0.01)).hasValue(10);
    }

    @Test
    void largeDifferencesNeedFewSeeds() {
        // sd / delta = 1/2: n = 4, df 3: ((3.182446 + 0.978472) / 2)^2 = 4.33 > 4; n = 5, df 4: ((2.776445 + 0.940965) / 2)^2 = 3.45 <= 5.
        assertThat(SeedsNeeded.seeds(0.01, 0.02)).hasValue(5);
        // sd / delta = 1/5: n = 2, df 1: ((12.706205 + 1.376382) / 5)^2 = 7.93 > 2; n = 3, df 2: ((4.302653 + 1.060660) / 5)^2 = 1.15 <= 3.
        assertThat(SeedsNeeded.seeds(0.01, 0.05)).hasValue(3);
        // No spread at all: the smallest test there is.
        assertThat(SeedsNeeded.seeds(0.0, 0.05)).hasValue(2);
    }

    @Test
    void noAnswerWithoutAPositiveDifferenceOrAFiniteSd() {
        assertThat(SeedsNeeded.seeds(0.1, 0.0)).isEqualTo(OptionalInt.empty());
        assertThat(SeedsNeeded.seeds(Double.NaN, 0.05)).isEqualTo(OptionalInt.empty());
    }
}
