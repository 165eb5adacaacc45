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
    /**
     * Finite-difference step for HVPs and directional derivatives, for a unit-norm direction; null
     * chooses by data type ({@link #epsilon(String)}).
     */
    public Double finiteDifferenceEpsilon = null;
    /** Validation examples for the hypergradient's {@code grad L_val}; 0 uses the whole split. */
    public int validationBatchSize = 0;
    public OptimizerConfig optimizer = OptimizerConfig.adam(0.05);

    /**
     * The finite-difference step in use: the configured one, or 1e-2 in float and 1e-5 in double. The
     * central difference's truncation error falls as epsilon^2 and its rounding error grows as
     * (machine epsilon) / epsilon; measured on a 3-layer GIN, relative HVP error 4e-4 at 1e-2 in float
     * (4e-3 at 1e-3), and about 1e-9 from 1e-4 down in double.
     */
    public double epsilon(String dataType) {
        if (finiteDifferenceEpsilon != null) {
            return finiteDifferenceEpsilon;
        }
        return dataType.equals("float") ? 1e-2 : 1e-5;
    }

    public PluginRef strategyIIOrDefault() {
        return strategyII != null ? strategyII : strategyI;
    }
}
