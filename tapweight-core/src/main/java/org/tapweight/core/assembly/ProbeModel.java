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

    /** An encoder that answers every batch of {@code split} with the stored vectors of its examples. */
    private Encoder<B> precomputed(INDArray params, Split split) {
        INDArray encoderParams = model.encoderView(params);
        if (encoderOfVectors == null || !encoderOfVectors.equalsWithEps(encoderParams, 0.0)) {
            vectors.clear();
            encoderOfVectors = encoderParams.dup();
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
