package org.tapweight.core.assembly;

import java.util.EnumMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.tapweight.api.modality.Batch;
import org.tapweight.api.modality.Dataset;
import org.tapweight.api.modality.Encoder;
import org.tapweight.api.model.Noise;
import org.tapweight.api.model.Split;
import org.tapweight.api.model.TaskModel;
import org.tapweight.core.model.ForwardingTaskModel;

/**
 * A frozen-encoder probe's view of an {@link AssembledTaskModel}: the encoder's vectors of every
 * example of a split are computed once, in evaluation mode (no dropout), and the task head trains
 * and is scored on them; the encoder's gradient is zero. It is what a linear probe on a fixed encoder
 * is, at the cost of one forward pass per split instead of a forward and backward pass per batch.
 * The vectors are recomputed if the encoder parameters it is given change.
 */
final class ProbeModel<B extends Batch> extends ForwardingTaskModel {

    private static final int CHUNK = 256;

    private final AssembledTaskModel<B> model;
    private final Map<Split, INDArray> vectors = new EnumMap<>(Split.class);
    private INDArray encoderOfVectors;

    ProbeModel(AssembledTaskModel<B> model) {
        super(model);
        this.model = model;
    }

    @Override
    public double evaluate(INDArray params, Split split, long batchIndex, Noise noise, INDArray gradOut) {
        return model.evaluate(precomputed(params, split), params, split, batchIndex, noise, gradOut);
    }

    @Override
    public Map<String, Double> metrics(INDArray params, Split split) {
        return model.metrics(precomputed(params, split), params, split);
    }

    /** Already a probe. */
    @Override
    public TaskModel withFrozenEncoder() {
        return this;
    }

    /**
     * The head alone, the encoder fixed at {@code encoderParams}: parameters are the head's segment of
     * the full layout, in the same order; losses, gradients and metrics are this view's.
     */
    @Override
    public TaskModel headOnly(INDArray encoderParams) {
        INDArray encoder = encoderParams.dup();
        int headSize = model.layout().size() - model.layout().encoderSize();
        org.tapweight.api.model.ParameterLayout headLayout = org.tapweight.api.model.ParameterLayout.of(0,
                model.layout().heads().stream().map(org.tapweight.api.model.ParameterLayout.Segment::name).toList(),
                model.layout().heads().stream().map(org.tapweight.api.model.ParameterLayout.Segment::length).toList());
        if (headLayout.size() != headSize) {
            throw new IllegalStateException("head segments of " + headLayout.size() + " parameters, the layout says " + headSize);
        }
        return new TaskModel() {
            @Override
            public org.tapweight.api.model.ParameterLayout layout() {
                return headLayout;
            }

            @Override
            public void initialize(INDArray params, long seed) {
                throw new UnsupportedOperationException("a head-only probe starts from the head it is given");
            }

            @Override
            public double evaluate(INDArray head, Split split, long batchIndex, Noise noise, INDArray gradOut) {
                return model.headLoss(precomputedFor(encoder, split, true), encoder, head, split, batchIndex, noise, gradOut);
            }

            @Override
            public Map<String, Double> metrics(INDArray head, Split split) {
                return model.headMetrics(precomputedFor(encoder, split, true), encoder, head, split);
            }

            @Override
            public long trainBatchesPerEpoch() {
                return model.trainBatchesPerEpoch();
            }

            @Override
            public String primaryMetric() {
                return model.primaryMetric();
            }

            @Override
            public boolean higherIsBetter() {
                return model.higherIsBetter();
            }
        };
    }

    /** An encoder that answers every batch of {@code split} with the stored vectors of its examples. */
    private Encoder<B> precomputed(INDArray params, Split split) {
        return precomputedFor(model.encoderView(params), split, false);
    }

    /**
     * @param owned whether {@code encoderParams} is a private copy nobody changes (a head-only probe's):
     *              then its identity is enough to know the stored vectors are its own
     */
    private Encoder<B> precomputedFor(INDArray encoderParams, Split split, boolean owned) {
        if (encoderOfVectors != encoderParams) {
            boolean equal = encoderOfVectors != null && encoderOfVectors.equalsWithEps(encoderParams, 0.0);
            if (!equal) {
                vectors.clear();
            }
            if (!equal || owned) {
                encoderOfVectors = owned ? encoderParams : encoderParams.dup(); // an owned copy: later calls match by identity
            }
        }
        INDArray all = vectors.computeIfAbsent(split, s -> compute(model.task().data(s), encoderParams));
        Encoder<B> encoder = model.encoder();
        return new Encoder<>() {
            @Override
            public Class<B> batchType() {
                return encoder.batchType();
            }

            @Override
            public int parameterCount() {
                return encoder.parameterCount();
            }

            @Override
            public int representationSize() {
                return encoder.representationSize();
            }

            @Override
            public void initialize(INDArray p, long seed) {
                encoder.initialize(p, seed);
            }

            @Override
            public Pass forward(INDArray p, B batch, Noise noise) {
                INDArray rows = all.getRows(batch.indices());
                return new Pass() {
                    @Override
                    public INDArray output() {
                        return rows;
                    }

                    @Override
                    public void backward(INDArray dOutput, INDArray gradAccumulator) {
                        // frozen: no gradient flows into the encoder
                    }
                };
            }
        };
    }

    private INDArray compute(Dataset<B> data, INDArray encoderParams) {
        INDArray out = null;
        for (int start = 0; start < data.size(); start += CHUNK) {
            int[] idx = new int[Math.min(CHUNK, data.size() - start)];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = start + i;
            }
            INDArray rows = model.encoder().forward(encoderParams, data.batch(idx), Noise.NONE).output();
            if (out == null) {
                out = Nd4j.create(rows.dataType(), data.size(), rows.columns());
            }
            out.get(NDArrayIndex.interval(start, start + idx.length), NDArrayIndex.all()).assign(rows);
        }
        return out;
    }
}
