package org.tapweight.testkit;

import java.util.Locale;

/**
 * How a hypergradient strategy's solve compared with the dense answer on a symmetric positive
 * definite test matrix (see {@link PluginTestKit#checkStrategy}).
 *
 * @param relativeError    {@code ||x - (H + d I)^-1 v|| / ||(H + d I)^-1 v||}, d the damping the solution reports
 * @param reportedResidual the undamped residual the solution reports (NaN if it does not know it)
 * @param trueResidual     {@code ||v - H x|| / ||v||}, computed densely
 * @param reportedProducts the Hessian-vector products the solution says it spent
 * @param countedProducts  the products it actually asked for
 */
public record StrategyReport(String strategy, double relativeError, double reportedResidual, double trueResidual,
                             int reportedProducts, int countedProducts) {

    /**
     * Throws an {@link AssertionError} unless the solution is within {@code tolerance} of the dense
     * answer, reports the products it spent, and reports its residual truthfully (where it reports one).
     */
    public StrategyReport assertSolves(double tolerance) {
        if (!(relativeError < tolerance)) {
            throw new AssertionError(this + ": relative error above " + tolerance);
        }
        return assertHonest();
    }

    /** The bookkeeping checks alone, for strategies that approximate on purpose (identity, truncated series). */
    public StrategyReport assertHonest() {
        if (reportedProducts != countedProducts) {
            throw new AssertionError(this + ": reports " + reportedProducts + " Hessian-vector products but asked for "
                    + countedProducts);
        }
        if (!Double.isNaN(reportedResidual) && Math.abs(reportedResidual - trueResidual) > 1e-6 + 1e-3 * trueResidual) {
            throw new AssertionError(this + ": reports residual " + reportedResidual + ", the true one is " + trueResidual);
        }
        return this;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "strategy %s: relative error %.2e, residual %.2e (reported %.2e), %d products"
                + " (reported %d)", strategy, relativeError, trueResidual, reportedResidual, countedProducts, reportedProducts);
    }
}
