package org.tapweight.core.config;

/** Level III: how and how often the objective weights are updated. */
public final class LevelThreeConfig {

    /** Update the weights every {@code interval} outer steps. */
    public int interval = 1;
    /** Approximates H_I^-1 (level I's Hessian). */
    public PluginRef strategyI = PluginRef.of("cg");
    /** Approximates H_II^-1 (level II's Hessian); by default the same strategy as level I. */
    public PluginRef strategyII = null;
    /** Start iterative solves from the previous outer step's solution. */
    public boolean warmStart = true;
    /** Finite-difference step for HVPs and directional derivatives, for a unit-norm direction. */
    public double finiteDifferenceEpsilon = 1e-3;
    /** Validation examples for the hypergradient's {@code grad L_val}; 0 uses the whole split. */
    public int validationBatchSize = 0;
    public OptimizerConfig optimizer = OptimizerConfig.adam(0.05);

    public PluginRef strategyIIOrDefault() {
        return strategyII != null ? strategyII : strategyI;
    }
}
