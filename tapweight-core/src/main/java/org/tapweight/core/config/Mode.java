package org.tapweight.core.config;

/** What the engine runs; the baselines share its code paths. */
public enum Mode {
    /** Levels I, II and III: weights learned by hypergradient (the method). */
    TAPWEIGHT,
    /** Levels I and II with fixed weights: uniform TAP, or a single objective via {@code fixedWeights}. */
    FIXED,
    /** One model trained on the weighted objectives plus the task loss; weights by hypergradient. */
    BILEVEL,
    /** Level II only, from the initial encoder: direct finetuning. */
    FINETUNE,
    /**
     * Levels I and II with weights from a loss balancer ({@code balancer}: uncertainty weighting,
     * GradNorm, gradient similarity), updated every {@code levelIII.interval} steps by the level-III optimiser.
     */
    BALANCED,
    /** Level I only, with fixed weights: pretraining a base encoder on a general corpus. */
    PRETRAIN
}
