package org.tapweight.core.run;

import java.util.Map;
import java.util.function.BiFunction;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tapweight.api.model.Noise;
import org.tapweight.api.model.ParameterLayout;
import org.tapweight.api.model.Split;
import org.tapweight.api.model.TaskModel;

/** Test wrappers of a task model. */
public final class TaskModels {

    private TaskModels() {
    }

    /** {@code inner} with its metrics replaced by {@code metrics} (which may call inner's); all else delegated. */
    public static TaskModel withMetrics(TaskModel inner, BiFunction<INDArray, Split, Map<String, Double>> metrics) {
        return new TaskModel() {
            @Override
            public ParameterLayout layout() {
                return inner.layout();
            }

            @Override
            public void initialize(INDArray params, long seed) {
                inner.initialize(params, seed);
            }

            @Override
            public double evaluate(INDArray params, Split split, long batchIndex, Noise noise, INDArray gradOut) {
                return inner.evaluate(params, split, batchIndex, noise, gradOut);
            }

            @Override
            public org.tapweight.api.hypergrad.HessianVectorProduct exactHessian(INDArray params, Split split, long batchIndex,
                                                                                 Noise noise) {
                return inner.exactHessian(params, split, batchIndex, noise);
            }

            @Override
            public Map<String, Double> metrics(INDArray params, Split split) {
                return metrics.apply(params, split);
            }

            @Override
            public int[] encoderLayerStarts() {
                return inner.encoderLayerStarts();
            }

            @Override
            public long trainBatchesPerEpoch() {
                return inner.trainBatchesPerEpoch();
            }

            @Override
            public String primaryMetric() {
                return inner.primaryMetric();
            }

            @Override
            public boolean higherIsBetter() {
                return inner.higherIsBetter();
            }
        };
    }
}
