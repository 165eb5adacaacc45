package org.tapweight.core.engine;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tapweight.api.model.PretrainingModel;
import org.tapweight.core.engine.HypergradientChain.Probe;
import org.tapweight.core.optim.LevelOptimizer;

/** Level I: {@code levelI.steps} optimiser steps on {@code sum_k w_k L_k} in each outer step. */
final class PretrainingLevel {

    /**
     * @param losses each objective's loss on the last batch (NaN where the level took no step)
     * @param probe  the last batch trained on, or null
     */
    record Outcome(double[] losses, Probe probe) {
    }

    private final PretrainingModel model;
    private final int steps;
    private final DivergenceGuard guard;
    private final Probes probes;
    private final INDArray grad;

    PretrainingLevel(PretrainingModel model, int steps, DivergenceGuard guard, Probes probes, INDArray gradBuffer) {
        this.model = model;
        this.steps = steps;
        this.guard = guard;
        this.probes = probes;
        this.grad = gradBuffer;
    }

    Outcome step(int s, INDArray theta, LevelOptimizer optimizer, double[] w) {
        double[] losses = new double[w.length];
        Arrays.fill(losses, Double.NaN);
        Probe probe = null;
        for (int i = 0; i < steps; i++) {
            probe = probes.of("I", (long) s * steps + i);
            losses = model.evaluate(theta, probe.batchIndex(), probe.noise(), w, grad);
            for (int k = 0; k < losses.length; k++) {
                guard.checkLoss(s, "level I loss of objective '" + model.objectiveIds().get(k) + "'", losses[k]);
            }
            DivergenceGuard.checkGradient(s, "the level I gradient", grad);
            optimizer.step(theta, grad);
        }
        return new Outcome(losses, probe);
    }

    /** Nothing ran at this level in step {@code s}: no losses, no batch. */
    Outcome skipped(int objectives) {
        double[] losses = new double[objectives];
        Arrays.fill(losses, Double.NaN);
        return new Outcome(losses, null);
    }

    /** The batch level III probes level I's Hessian on: the last one trained on, else the step's first. */
    Probe probeFor(int s, Outcome outcome) {
        return outcome.probe() != null ? outcome.probe() : probes.of("I", (long) s * steps);
    }
}
