package org.tapweight.bench.response;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.tapweight.core.engine.EngineState;

/**
 * The state S0 every continuation starts from: a deep copy of the step count, theta, omega, the
 * three optimiser states, lambda and the divergence guard's early loss levels (so a continuation is
 * held to the base run's levels, not to its own perturbed first step). Warm starts are not kept (a
 * continuation runs no level III).
 */
final class StartState {

    final int step;
    final double[] lambda;
    private final java.util.Map<String, Double> lossReference;
    private final INDArray theta;
    private final INDArray omega;
    private final INDArray[] optimizers = new INDArray[3];
    private final int[] iterations = new int[3];

    StartState(EngineState s) {
        this.step = s.step;
        this.lambda = s.lambda.clone();
        this.lossReference = new java.util.TreeMap<>(s.lossReference);
        this.theta = s.theta.dup();
        this.omega = s.omega == null ? null : s.omega.dup();
        optimizers[0] = s.optimizerI.state() == null ? null : s.optimizerI.state().dup();
        optimizers[1] = s.optimizerII.state() == null ? null : s.optimizerII.state().dup();
        optimizers[2] = s.optimizerIII.state() == null ? null : s.optimizerIII.state().dup();
        iterations[0] = s.optimizerI.iteration();
        iterations[1] = s.optimizerII.iteration();
        iterations[2] = s.optimizerIII.iteration();
    }

    /** Overwrites {@code s} (an engine of the same config up to its seed) with S0 and the given lambda. */
    void applyTo(EngineState s, double[] newLambda) {
        s.step = step;
        s.theta.assign(theta);
        if (omega != null) {
            s.omega.assign(omega);
        }
        s.optimizerI.restore(optimizers[0], iterations[0]);
        s.optimizerII.restore(optimizers[1], iterations[1]);
        s.optimizerIII.restore(optimizers[2], iterations[2]);
        s.lambda = newLambda.clone();
        s.lossReference.clear();
        s.lossReference.putAll(lossReference);
        s.warmI = null;
        s.warmII = null;
    }
}
