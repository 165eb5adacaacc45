package org.tapweight.core.engine;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.tapweight.api.model.Split;
import org.tapweight.api.model.TaskModel;
import org.tapweight.core.engine.HypergradientChain.Probe;
import org.tapweight.core.optim.LevelOptimizer;
import org.tapweight.nn.Vectors;

/**
 * Level II: {@code levelII.steps} optimiser steps on {@code L_task(omega) + gamma ||omega_enc -
 * theta_enc||^2} in each outer step. The task model gives the task loss alone; the proximal term's
 * gradient is added here.
 */
final class TaskLevel {

    /**
     * @param loss  the task loss on the last batch (NaN where the level took no step)
     * @param probe the last batch trained on, or null
     */
    record Outcome(double loss, Probe probe) {
    }

    static final Outcome SKIPPED = new Outcome(Double.NaN, null);

    private final TaskModel model;
    private final int steps;
    private final double gamma;
    private final int encoderSize;
    private final DivergenceGuard guard;
    private final Probes probes;
    private final INDArray grad;

    TaskLevel(TaskModel model, int steps, double gamma, DivergenceGuard guard, Probes probes, INDArray gradBuffer) {
        this.model = model;
        this.steps = steps;
        this.gamma = gamma;
        this.encoderSize = model.layout().encoderSize();
        this.guard = guard;
        this.probes = probes;
        this.grad = gradBuffer;
    }

    Outcome step(int s, INDArray omega, INDArray theta, LevelOptimizer optimizer) {
        double loss = Double.NaN;
        Probe probe = null;
        for (int i = 0; i < steps; i++) {
            probe = probes.of("II", (long) s * steps + i);
            loss = model.evaluate(omega, Split.TRAIN, probe.batchIndex(), probe.noise(), grad);
            guard.checkLoss(s, "level II task loss", loss);
            DivergenceGuard.checkGradient(s, "the level II gradient", grad);
            addProximalGradient(omega, theta);
            optimizer.step(omega, grad);
        }
        return new Outcome(loss, probe);
    }

    /** {@code grad_enc += 2 gamma (omega_enc - theta_enc)}. */
    private void addProximalGradient(INDArray omega, INDArray theta) {
        if (encoderSize == 0 || gamma == 0) {
            return;
        }
        INDArray g = grad.get(Vectors.range(0, encoderSize));
        Vectors.axpy(2 * gamma, omega.get(Vectors.range(0, encoderSize)), g);
        Vectors.axpy(-2 * gamma, theta.get(Vectors.range(0, encoderSize)), g);
    }

    /** The batch level III probes level II's Hessian on: the last one trained on, else the step's first. */
    Probe probeFor(int s, Outcome outcome) {
        return outcome.probe() != null ? outcome.probe() : probes.of("II", (long) s * steps);
    }
}
