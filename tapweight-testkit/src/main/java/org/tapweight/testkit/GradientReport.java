package org.tapweight.testkit;

import java.util.Locale;
import org.tapweight.nn.GradientCheck;

/**
 * The outcome of one finite-difference gradient check made by the {@link PluginTestKit}.
 *
 * @param what   what was checked, e.g. {@code objective 'motif' on encoder 'gin'}
 * @param result the norm-wise relative error, largest absolute error, coordinates checked and the
 *               analytic gradient's norm
 */
public record GradientReport(String what, GradientCheck.Result result) {

    /**
     * Throws an {@link AssertionError} unless the relative error is below {@code tolerance} and the
     * gradient is not (near) zero: a zero gradient agrees with any finite difference of a constant
     * and would pass any tolerance.
     */
    public GradientReport assertAgrees(double tolerance) {
        if (!(result.relativeError() < tolerance)) {
            throw new AssertionError(this + ": relative error above " + tolerance);
        }
        if (!(result.gradientNorm() > 1e-8)) {
            throw new AssertionError(this + ": the gradient is zero, so the check proves nothing");
        }
        return this;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s: relative error %.2e over %d coordinates (gradient norm %.3g)", what,
                result.relativeError(), result.coordinates(), result.gradientNorm());
    }
}
