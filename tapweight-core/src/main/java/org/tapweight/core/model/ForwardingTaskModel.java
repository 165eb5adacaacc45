package org.tapweight.core.model;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tapweight.api.hypergrad.HessianVectorProduct;
import org.tapweight.api.model.Noise;
import org.tapweight.api.model.ParameterLayout;
import org.tapweight.api.model.Split;
import org.tapweight.api.model.TaskModel;

/**
 * A task model that passes every call to another; a decorator overrides what it changes. The
 * probe view ({@link TaskModel#withFrozenEncoder()}) is not passed on: the other model's view would
 * not have the decorator's changes, so a decorator is its own (slower) probe unless it says otherwise.
 */
public abstract class ForwardingTaskModel implements TaskModel {

    private final TaskModel delegate;

    protected ForwardingTaskModel(TaskModel delegate) {
        this.delegate = delegate;
    }

    protected TaskModel delegate() {
        return delegate;
    }

    @Override
    public ParameterLayout layout() {
        return delegate.layout();
    }

    @Override
    public void initialize(INDArray params, long seed) {
        delegate.initialize(params, seed);
    }

    @Override
    public double evaluate(INDArray params, Split split, long batchIndex, Noise noise, INDArray gradOut) {
        return delegate.evaluate(params, split, batchIndex, noise, gradOut);
    }

    @Override
    public HessianVectorProduct exactHessian(INDArray params, Split split, long batchIndex, Noise noise) {
        return delegate.exactHessian(params, split, batchIndex, noise);
    }

    @Override
    public Map<String, Double> metrics(INDArray params, Split split) {
        return delegate.metrics(params, split);
    }

    @Override
    public long trainBatchesPerEpoch() {
        return delegate.trainBatchesPerEpoch();
    }

    @Override
    public String primaryMetric() {
        return delegate.primaryMetric();
    }

    @Override
    public boolean higherIsBetter() {
        return delegate.higherIsBetter();
    }

    @Override
    public int[] encoderLayerStarts() {
        return delegate.encoderLayerStarts();
    }
}
