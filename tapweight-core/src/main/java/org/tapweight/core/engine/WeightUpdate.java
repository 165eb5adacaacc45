package org.tapweight.core.engine;

import org.tapweight.api.hypergrad.Solution;
import org.tapweight.core.engine.HypergradientChain.Probe;

/**
 * Level III of one outer step: whether and along what gradient lambda moves. The engine steps
 * lambda with level III's optimiser along the returned gradient; implementations decide on which
 * steps they update ({@code levelIII.interval}) and keep their warm starts in the engine state.
 */
interface WeightUpdate {

    /**
     * One update.
     *
     * @param gradient            the gradient lambda is stepped along (a hypergradient, or a balancer's loss gradient)
     * @param validationLoss      the validation loss it was computed at (NaN where none was)
     * @param solveI              level I's (or the joint model's) inverse product, or null
     * @param solveII             level II's inverse product, or null
     * @param gradientEvaluations gradients it cost (HVPs count two each)
     * @param chain               the tri-level chain's full result, for observers; null for other updates
     * @param probeI              the batch level I was probed on
     * @param probeII             the batch level II was probed on
     */
    record Outcome(double[] gradient, double validationLoss, Solution solveI, Solution solveII, int gradientEvaluations,
                   HypergradientChain.Result chain, Probe probeI, Probe probeII) {
    }

    /**
     * The update of outer step {@code s}, or null when this step makes none.
     *
     * @param objectiveLosses level I's losses of this step (NaN where level I took no step)
     */
    Outcome apply(int s, EngineState state, double[] objectiveLosses, Probe probeI, Probe probeII);

    /** Fixed weights: never an update. */
    WeightUpdate NONE = (s, state, losses, probeI, probeII) -> null;
}
