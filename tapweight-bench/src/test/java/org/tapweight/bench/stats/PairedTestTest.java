package org.tapweight.bench.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The paired t-test against hand-computed values (t with 1 and 2 degrees of freedom has a closed-form CDF). */
class PairedTestTest {

    @Test
    void threeDifferencesMatchTheHandComputedTestAndInterval() {
        // 0.1, 0.2, 0.3: mean 0.2, SD 0.1, t = 0.2 / (0.1 / sqrt 3) = 2 sqrt 3 = 3.464102, df 2.
        // For df 2, P(T <= t) = 1/2 + t / (2 sqrt(2 + t^2)), so the two-sided p = 1 - t / sqrt(2 + t^2)
        // = 1 - 3.464102 / sqrt 14 = 1 - 0.925820 = 0.074180.
        // Interval: t(2, 0.975) = 4.302653, half-width 4.302653 * 0.1 / sqrt 3 = 0.248414.
        PairedTest p = PairedTest.of(List.of(0.1, 0.2, 0.3));
        assertThat(p.n()).isEqualTo(3);
        assertThat(p.mean()).isCloseTo(0.2, within(1e-12));
        assertThat(p.sd()).isCloseTo(0.1, within(1e-12));
        assertThat(p.t()).isCloseTo(3.464102, within(1e-6));
        assertThat(p.p()).isCloseTo(0.074180, within(1e-6));
        assertThat(p.lower()).isCloseTo(-0.048414, within(1e-6));
        assertThat(p.upper()).isCloseTo(0.448414, within(1e-6));
    }

    @Test
    void twoDifferencesUseOneDegreeOfFreedom() {
        // 0.1, 0.2: mean 0.15, SD 0.070711, SE 0.05, t = 3, df 1 (Cauchy): p = 1 - 2 atan(3) / pi = 0.204833.
        PairedTest p = PairedTest.of(List.of(0.1, 0.2));
        assertThat(p.t()).isCloseTo(3.0, within(1e-9));
        assertThat(p.p()).isCloseTo(0.204833, within(1e-6));
    }

    @Test
    void negativeDifferencesGiveTheSamePAndTheMirroredInterval() {
        PairedTest p = PairedTest.of(List.of(-0.1, -0.2, -0.3));
        assertThat(p.t()).isCloseTo(-3.464102, within(1e-6));
        assertThat(p.p()).isCloseTo(0.074180, within(1e-6));
        assertThat(p.upper()).isCloseTo(0.048414, within(1e-6));
    }

    @Test
    void degenerateCases() {
        PairedTest one = PairedTest.of(List.of(0.3));
        assertThat(one.mean()).isEqualTo(0.3);
        assertThat(one.sd()).isNaN();
        assertThat(one.p()).isNaN();
        assertThat(one.lower()).isNaN();
        // Equal differences: no spread, so p is 0 unless they are all 0.
        assertThat(PairedTest.of(List.of(0.1, 0.1, 0.1)).p()).isCloseTo(0.0, within(1e-12));
        assertThat(PairedTest.of(List.of(0.0, 0.0)).p()).isEqualTo(1.0);
    }
}
