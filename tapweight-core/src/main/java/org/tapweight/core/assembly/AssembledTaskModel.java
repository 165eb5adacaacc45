package org.tapweight.core.assembly;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tapweight.api.modality.Batch;
import org.tapweight.api.modality.Encoder;
import org.tapweight.api.modality.Head;
import org.tapweight.api.modality.Task;
import org.tapweight.api.model.Noise;
import org.tapweight.api.model.ParameterLayout;
import org.tapweight.api.model.Split;
import org.tapweight.api.model.TaskModel;
import org.tapweight.nn.Seeds;
import org.tapweight.nn.Vectors;

/** Levels II and III from plug-ins: the shared encoder, a task head and the task's splits. */
public final class AssembledTaskModel<B extends Batch> implements TaskModel {

    private final Encoder<B> encoder;
    private final Task<B> task;
    private final ParameterLayout layout;
    private final Map<Split, BatchSampler> samplers = new EnumMap<>(Split.class);
    private final Map<Split, BatchCache<B>> caches = new EnumMap<>(Split.class);

    public AssembledTaskModel(Encoder<B> encoder, Task<B> task, String taskId, int trainBatchSize,
                              int validationBatchSize, long seed) {
        this.encoder = encoder;
        this.task = task;
        this.layout = ParameterLayout.of(encoder.parameterCount(), List.of(taskId),
                List.of(task.headSize(encoder.representationSize())));
        for (Split split : Split.values()) {
            int size = task.data(split).size();
            int batch = split == Split.TRAIN ? trainBatchSize : (validationBatchSize > 0 ? validationBatchSize : size);
            BatchSampler sampler = new BatchSampler(size, batch, Seeds.derive(seed, "split-" + split, 0));
            samplers.put(split, sampler);
            caches.put(split, new BatchCache<>(i -> task.data(split).batch(sampler.indices(i))));
        }
    }

    /** The task plug-in behind this model. */
    public Task<B> task() {
        return task;
    }

    @Override
    public ParameterLayout layout() {
        return layout;
    }

    @Override
    public void initialize(INDArray params, long seed) {
        encoder.initialize(encoderView(params), Seeds.derive(seed, "encoder", 0));
        task.initializeHead(headView(params), encoder.representationSize(), Seeds.derive(seed, "head", 0));
    }

    @Override
    public double evaluate(INDArray params, Split split, long batchIndex, Noise noise, INDArray gradOut) {
        return evaluate(encoder, params, split, batchIndex, noise, gradOut);
    }

    double evaluate(Encoder<B> encoder, INDArray params, Split split, long batchIndex, Noise noise, INDArray gradOut) {
        B batch = caches.get(split).get(batchIndex);
        Head.Gradients grads = null;
        if (gradOut != null) {
            gradOut.assign(0.0);
            grads = new Head.Gradients(encoderView(gradOut), headView(gradOut), 1.0);
        }
        return task.loss(encoder, encoderView(params), headView(params), batch, noise, grads);
    }

    /** The task loss of a batch with the head's gradient only (the encoder given is a probe's: it takes no gradient). */
    double headLoss(Encoder<B> encoder, INDArray encoderParams, INDArray head, Split split, long batchIndex, Noise noise,
                    INDArray headGradOut) {
        B batch = caches.get(split).get(batchIndex);
        Head.Gradients grads = null;
        if (headGradOut != null) {
            headGradOut.assign(0.0);
            grads = new Head.Gradients(org.nd4j.linalg.factory.Nd4j.empty(head.dataType()), headGradOut, 1.0);
        }
        return task.loss(encoder, encoderParams, head, batch, noise, grads);
    }

    Map<String, Double> headMetrics(Encoder<B> encoder, INDArray encoderParams, INDArray head, Split split) {
        return task.metrics(encoder, encoderParams, head, split);
    }

    /** A probe's view: the head trains on the encoder's vectors computed once per split (see {@link ProbeModel}). */
    @Override
    public TaskModel withFrozenEncoder() {
        return new ProbeModel<>(this);
    }

    @Override
    public int[] encoderLayerStarts() {
        return encoder.layerStarts();
    }

    public Encoder<B> encoder() {
        return encoder;
    }

    Map<String, Double> metrics(Encoder<B> encoder, INDArray params, Split split) {
        return task.metrics(encoder, encoderView(params), headView(params), split);
    }

    @Override
    public Map<String, Double> metrics(INDArray params, Split split) {
        return task.metrics(encoder, encoderView(params), headView(params), split);
    }

    @Override
    public long trainBatchesPerEpoch() {
        return samplers.get(Split.TRAIN).batchesPerEpoch();
    }

    @Override
    public String primaryMetric() {
        return task.primaryMetric();
    }

    @Override
    public boolean higherIsBetter() {
        return task.higherIsBetter();
    }

    INDArray encoderView(INDArray params) {
        return params.get(Vectors.range(0, layout.encoderSize()));
    }

    private INDArray headView(INDArray params) {
        if (layout.size() == layout.encoderSize()) {
            return org.nd4j.linalg.factory.Nd4j.empty(params.dataType()); // a task without a head (pretraining corpus)
        }
        return params.get(Vectors.range(layout.encoderSize(), layout.size()));
    }
}
