package org.tapweight.core.engine;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tapweight.api.model.Noise;
import org.tapweight.api.model.PretrainingModel;
import org.tapweight.api.model.Split;
import org.tapweight.api.model.TaskModel;
import org.tapweight.nn.Vectors;

/**
 * The bi-level ablation's single model: one vector {@code phi = [encoder | objective heads | task head]}
 * trained on {@code sum_k w_k L_k + L_task}. Level I's view is the prefix of phi (zero-copy); the
 * task's view {@code [encoder | task head]} is gathered into a buffer.
 */
final class JointModel {

    private final PretrainingModel pretraining;
    private final TaskModel task;
    private final int encoderSize;
    private final int levelISize;
    private final int taskHeadSize;
    private final INDArray taskParams;
    private final INDArray taskGrad;

    JointModel(PretrainingModel pretraining, TaskModel task, org.nd4j.linalg.api.buffer.DataType dataType) {
        this.pretraining = pretraining;
        this.task = task;
        this.encoderSize = pretraining.layout().encoderSize();
        this.levelISize = pretraining.layout().size();
        this.taskHeadSize = task.layout().size() - encoderSize;
        this.taskParams = Nd4j.zeros(dataType, task.layout().size());
        this.taskGrad = Nd4j.zeros(dataType, task.layout().size());
    }

    int size() {
        return levelISize + taskHeadSize;
    }

    INDArray levelIView(INDArray phi) {
        return phi.get(Vectors.range(0, levelISize));
    }

    private INDArray taskHeadView(INDArray phi) {
        return phi.get(Vectors.range(levelISize, levelISize + taskHeadSize));
    }

    /** Copies phi's task view {@code [encoder | task head]} into a reused buffer. */
    INDArray taskView(INDArray phi) {
        if (encoderSize > 0) {
            taskParams.get(Vectors.range(0, encoderSize)).assign(phi.get(Vectors.range(0, encoderSize)));
        }
        if (taskHeadSize > 0) {
            taskParams.get(Vectors.range(encoderSize, encoderSize + taskHeadSize)).assign(taskHeadView(phi));
        }
        return taskParams;
    }

    /** Adds a gradient with respect to the task view into a gradient with respect to phi. */
    void addTaskGradient(INDArray gradTaskView, INDArray gradPhi) {
        if (encoderSize > 0) {
            gradPhi.get(Vectors.range(0, encoderSize)).addi(gradTaskView.get(Vectors.range(0, encoderSize)));
        }
        if (taskHeadSize > 0) {
            taskHeadView(gradPhi).addi(gradTaskView.get(Vectors.range(encoderSize, encoderSize + taskHeadSize)));
        }
    }

    /** Writes the task view of phi back (after initialisation). */
    void setTaskHead(INDArray phi, INDArray taskVector) {
        if (taskHeadSize > 0) {
            taskHeadView(phi).assign(taskVector.get(Vectors.range(encoderSize, encoderSize + taskHeadSize)));
        }
    }

    /** Losses of the lower problem; fills {@code gradOut} with the gradient of sum_k w_k L_k + L_task when non-null. */
    Losses evaluate(INDArray phi, double[] weights, HypergradientChain.Probe probeI, HypergradientChain.Probe probeII,
                    INDArray gradOut) {
        INDArray gradI = gradOut == null ? null : levelIView(gradOut);
        if (gradOut != null) {
            taskHeadView(gradOut).assign(0.0);
        }
        double[] objectiveLosses = pretraining.evaluate(levelIView(phi), probeI.batchIndex(), probeI.noise(), weights, gradI);
        double taskLoss = task.evaluate(taskView(phi), Split.TRAIN, probeII.batchIndex(), probeII.noise(),
                gradOut == null ? null : taskGrad);
        if (gradOut != null) {
            addTaskGradient(taskGrad, gradOut);
        }
        return new Losses(objectiveLosses, taskLoss);
    }

    /** The validation loss of phi's task view and, when non-null, its gradient with respect to phi. */
    double validation(INDArray phi, long batchIndex, INDArray gradOut) {
        double loss = task.evaluate(taskView(phi), Split.VALIDATION, batchIndex, Noise.NONE,
                gradOut == null ? null : taskGrad);
        if (gradOut != null) {
            gradOut.assign(0.0);
            addTaskGradient(taskGrad, gradOut);
        }
        return loss;
    }

    record Losses(double[] objectives, double task) {
    }
}
