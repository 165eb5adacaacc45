package org.tapweight.core.engine;

import org.tapweight.api.hypergrad.HypergradientStrategy;
import org.tapweight.core.config.RunConfig;
import org.tapweight.core.engine.HypergradientChain.Probe;

/** TapWeight's level III: every {@code levelIII.interval} steps, the tri-level implicit hypergradient. */
final class HypergradientUpdate implements WeightUpdate {

    private final HypergradientChain chain;
    private final RunConfig config;
    private final HypergradientStrategy strategyI;
    private final HypergradientStrategy strategyII;
    private final DivergenceGuard guard;

    HypergradientUpdate(HypergradientChain chain, RunConfig config, HypergradientStrategy strategyI,
                        HypergradientStrategy strategyII, DivergenceGuard guard) {
        this.chain = chain;
        this.config = config;
        this.strategyI = strategyI;
        this.strategyII = strategyII;
        this.guard = guard;
    }

    @Override
    public Outcome apply(int s, EngineState state, double[] objectiveLosses, Probe probeI, Probe probeII) {
        if ((s + 1) % config.levelIII.interval != 0) {
            return null;
        }
        boolean warm = config.levelIII.warmStart;
        boolean warmI = warm && strategyI.supportsWarmStart();
        boolean warmII = warm && strategyII.supportsWarmStart();
        HypergradientChain.Result h = chain.compute(
                new HypergradientChain.Point(state.lambda, state.theta, state.omega, config.gamma, probeI, probeII,
                        validationBatch(config, s)),
                new HypergradientChain.Solves(state.optimizerI.solveContext(), state.optimizerII.solveContext(),
                        warmI ? state.warmI : null, warmII ? state.warmII : null));
        guard.checkLoss(s, "validation loss", h.validationLoss());
        if (warm) {
            state.warmI = warmI ? h.solutionI() : null;
            state.warmII = warmII ? h.solutionII() : null;
        }
        return new Outcome(h.hypergradient(), h.validationLoss(), h.solveI(), h.solveII(), h.gradientEvaluations(), h,
                probeI, probeII);
    }

    /** The validation batch of step {@code s}: the whole split, or the step's batch when {@code validationBatchSize} is set. */
    static long validationBatch(RunConfig config, int s) {
        return config.levelIII.validationBatchSize == 0 ? org.tapweight.api.model.TaskModel.WHOLE_SPLIT : s;
    }
}
