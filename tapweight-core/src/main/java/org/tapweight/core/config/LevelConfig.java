package org.tapweight.core.config;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Steps per outer iteration, batch size, optimiser and L2 regulariser of level I or II.
 *
 * <p>{@link #l2} is part of the level's <em>loss</em>, so the gradients the optimiser steps on and
 * the Hessians the level-III hypergradient inverts both include it:
 * <ul>
 * <li>level I minimises {@code sum_k w_k L_k(theta) + l2/2 ||theta||^2} over all level-I parameters
 *     (encoder and objective heads); its Hessian is {@code sum_k w_k hess L_k + l2 I};</li>
 * <li>level II minimises {@code L_task(omega) + l2/2 ||omega||^2 + gamma ||omega_enc - theta_enc||^2} on
 *     the training split (validation and test losses are unregularised); its Hessian gains {@code l2 I}.</li>
 * </ul>
 * Use it instead of the optimiser's decoupled {@code weightDecay}, which moves the level's fixed
 * point without being in that loss; TAPWEIGHT and BILEVEL runs refuse {@code weightDecay} on the
 * levels the hypergradient differentiates through. The final finetuning ({@code finetune:}) does not
 * see {@code levelII.l2}; it has its own {@code finetune.optimizer.weightDecay}.
 */
public final class LevelConfig {

    public int steps = 1;
    public int batchSize = 32;
    public OptimizerConfig optimizer = new OptimizerConfig();
    /**
     * Coefficient of the level's L2 regulariser {@code l2/2 ||params||^2}; 0 (the default) means none.
     * Left out of the config's JSON when 0, so configs without it keep their fingerprint (and
     * checkpoints written before this setting existed still resume).
     */
    @JsonInclude(JsonInclude.Include.NON_DEFAULT)
    public double l2 = 0.0;

    public static LevelConfig of(int steps, int batchSize, OptimizerConfig optimizer) {
        LevelConfig c = new LevelConfig();
        c.steps = steps;
        c.batchSize = batchSize;
        c.optimizer = optimizer;
        return c;
    }
}
