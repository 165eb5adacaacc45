package org.tapweight.api.model;

/**
 * The random numbers of one evaluation: dropout masks, corruptions, augmentations, all drawn
 * from {@code seed}. Two evaluations with equal {@code Noise} must see the same random numbers;
 * that is what makes the two passes of a finite-difference probe differ only by the parameter
 * shift. With {@code stochastic == false} an evaluation is deterministic (no dropout, no
 * corruption beyond what the loss itself defines, e.g. a fixed evaluation mask).
 */
public record Noise(long seed, boolean stochastic) {

    /** Deterministic evaluation (validation, test, metrics). */
    public static final Noise NONE = new Noise(0L, false);

    /** Stochastic evaluation with random numbers drawn from {@code seed}. */
    public static Noise of(long seed) {
        return new Noise(seed, true);
    }
}
