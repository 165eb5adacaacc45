package org.tapweight.core.engine;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.tapweight.core.optim.LevelOptimizer;

/**
 * Everything that changes during a run and must survive a checkpoint: the outer step count, the
 * parameters of each level, the optimiser states, the warm starts of the iterative solves and the divergence guard's early loss levels.
 * In {@link org.tapweight.core.config.Mode#BILEVEL} {@code theta} holds the one joint model
 * (encoder, objective heads, task head) and {@code omega} is unused.
 */
public final class EngineState {

    /** Outer steps completed. */
    public int step;
    public INDArray theta;
    public INDArray omega;
    public double[] lambda;
    public LevelOptimizer optimizerI;
    public LevelOptimizer optimizerII;
    public LevelOptimizer optimizerIII;
    /** The previous level-I / level-II solutions, or null. */
    public INDArray warmI;
    public INDArray warmII;
    /** Each objective's loss on the run's first level-I batch (mode BALANCED; null before step 0 and in other modes). */
    public double[] initialLosses;
    /** Each guarded loss's early level (see {@link DivergenceGuard}), by name. */
    public final java.util.Map<String, Double> lossReference = new java.util.TreeMap<>();
}
