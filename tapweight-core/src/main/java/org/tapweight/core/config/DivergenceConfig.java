package org.tapweight.core.config;

/**
 * When a run counts as diverged before any number is NaN: a training loss whose magnitude exceeds
 * {@code lossMultiple} times its early level: the largest magnitude it had in the first
 * {@code referenceSteps} outer steps in which it was measured (at least {@code referenceFloor}, so a
 * loss that starts near zero is not held to a zero level). The default, one step, holds each loss to
 * its starting value: a window of several steps let a fast blow-up (SGD at learning rate 30 grew the
 * loss 1e50-fold in ten steps) set its own level. Non-finite losses, gradients and hypergradients always stop a run.
 * These settings decide only when a run stops, never its numbers, so they are not part of the config
 * fingerprint: a diverged run may be resumed with a looser guard.
 */
public final class DivergenceConfig {

    /** 0 turns the multiple check off (non-finite values still stop the run). */
    public double lossMultiple = 1000;
    public int referenceSteps = 1;
    /** Losses are means per example in natural units; below this an early level is taken as this. */
    public double referenceFloor = 1.0;

    void check(java.util.List<String> problems) {
        if (!(lossMultiple == 0 || lossMultiple > 1) || Double.isInfinite(lossMultiple)) {
            problems.add("divergence.lossMultiple must be 0 (off) or a finite number > 1, got " + lossMultiple);
        }
        if (referenceSteps < 1) {
            problems.add("divergence.referenceSteps must be >= 1, got " + referenceSteps);
        }
        if (!(referenceFloor > 0) || Double.isInfinite(referenceFloor)) {
            problems.add("divergence.referenceFloor must be a finite number > 0, got " + referenceFloor);
        }
    }
}
