package org.tapweight.core.config;

/** Steps per outer iteration, batch size and optimiser of level I or II. */
public final class LevelConfig {

    public int steps = 1;
    public int batchSize = 32;
    public OptimizerConfig optimizer = new OptimizerConfig();

    public static LevelConfig of(int steps, int batchSize, OptimizerConfig optimizer) {
        LevelConfig c = new LevelConfig();
        c.steps = steps;
        c.batchSize = batchSize;
        c.optimizer = optimizer;
        return c;
    }
}
