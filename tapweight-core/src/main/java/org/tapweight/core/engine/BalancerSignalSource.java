package org.tapweight.core.engine;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tapweight.api.balance.BalancerSignals;
import org.tapweight.api.model.PretrainingModel;
import org.tapweight.api.model.Split;
import org.tapweight.api.model.TaskModel;
import org.tapweight.core.engine.HypergradientChain.Probe;
import org.tapweight.nn.Vectors;

/** Gathers what a loss balancer reads at an update of mode BALANCED ({@link BalancerSignals}). */
final class BalancerSignalSource {

    private final PretrainingModel pretraining;
    private final TaskModel task;
    private final int encoderSize;

    BalancerSignalSource(PretrainingModel pretraining, TaskModel task) {
        this.pretraining = pretraining;
        this.task = task;
        this.encoderSize = pretraining.layout().encoderSize();
    }

    /** The signals at the state's current parameters; {@code withGradients} adds the Gram matrix (K + 1 gradients). */
    BalancerSignals signals(EngineState state, double[] losses, Probe pI, Probe pII, boolean withGradients) {
        return new BalancerSignals(state.step, losses.clone(), state.initialLosses.clone(),
                withGradients ? encoderGram(state, pI, pII) : null);
    }

    /**
     * Each objective's encoder gradient alone on level I's batch {@code pI} at theta, then the task
     * loss's on level II's batch {@code pII} at theta's encoder with omega's task head, and their inner
     * products (see {@link BalancerSignals#gram()}).
     */
    private double[][] encoderGram(EngineState state, Probe pI, Probe pII) {
        int k = pretraining.objectiveIds().size();
        INDArray[] g = new INDArray[k + 1];
        INDArray full = state.theta.ulike();
        for (int i = 0; i < k; i++) {
            double[] oneHot = new double[k];
            oneHot[i] = 1;
            pretraining.evaluate(state.theta, pI.batchIndex(), pI.noise(), oneHot, full);
            g[i] = encoderCopy(full);
        }
        INDArray taskParams = state.omega.dup();
        taskParams.get(Vectors.range(0, encoderSize)).assign(state.theta.get(Vectors.range(0, encoderSize)));
        INDArray taskGrad = taskParams.ulike();
        task.evaluate(taskParams, Split.TRAIN, pII.batchIndex(), pII.noise(), taskGrad);
        g[k] = encoderCopy(taskGrad);
        double[][] gram = new double[k + 1][k + 1];
        for (int i = 0; i <= k; i++) {
            DivergenceGuard.checkGradient(state.step, "the balancer's gradient " + i, g[i]);
            for (int j = 0; j <= i; j++) {
                gram[i][j] = gram[j][i] = Vectors.dot(g[i], g[j]);
            }
        }
        return gram;
    }

    /** The encoder part of {@code gradient} as a new double vector (castTo alone returns a view when already double). */
    private INDArray encoderCopy(INDArray gradient) {
        return gradient.get(Vectors.range(0, encoderSize)).dup().castTo(DataType.DOUBLE);
    }
}
