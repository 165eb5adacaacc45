package org.tapweight.core.engine;

import org.tapweight.api.balance.BalancerSignals;
import org.tapweight.api.balance.LossBalancer;
import org.tapweight.core.engine.HypergradientChain.Probe;

/** Mode BALANCED's level III: every {@code levelIII.interval} steps, the loss balancer's own gradient. */
final class BalancerUpdate implements WeightUpdate {

    private final LossBalancer balancer;
    private final BalancerSignalSource signals;
    private final int interval;

    BalancerUpdate(LossBalancer balancer, BalancerSignalSource signals, int interval) {
        this.balancer = balancer;
        this.signals = signals;
        this.interval = interval;
    }

    @Override
    public Outcome apply(int s, EngineState state, double[] objectiveLosses, Probe probeI, Probe probeII) {
        if (state.initialLosses == null) {
            state.initialLosses = objectiveLosses.clone();
        }
        if ((s + 1) % interval != 0) {
            return null;
        }
        BalancerSignals in = signals.signals(state, objectiveLosses, probeI, probeII, balancer.needsGradients());
        double[] gradient = balancer.gradient(state.lambda.clone(), in);
        int gradients = balancer.needsGradients() ? objectiveLosses.length + 1 : 0;
        return new Outcome(gradient, Double.NaN, null, null, gradients, null, probeI, probeII);
    }
}
