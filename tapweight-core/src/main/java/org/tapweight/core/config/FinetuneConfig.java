package org.tapweight.core.config;

/**
 * The protocol's final finetuning (docs/design.md, section 4): a fresh task head on the run's final encoder,
 * trained on the training split, early-stopped on the validation split's primary metric; the test
 * metric is read once, at the best validation epoch. {@code epochs: 0} skips it.
 */
public final class FinetuneConfig {

    public int epochs = 0;
    /** Stop after this many epochs without a better validation metric. */
    public int patience = 10;
    public OptimizerConfig optimizer = OptimizerConfig.adam(1e-3);
}
