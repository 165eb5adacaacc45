package org.tapweight.core.dense;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.tapweight.api.modality.Dataset;
import org.tapweight.api.modality.Encoder;
import org.tapweight.api.modality.EncoderProvider;
import org.tapweight.api.model.Noise;
import org.tapweight.api.plugin.ConfigurationException;
import org.tapweight.api.plugin.SettingSpec;
import org.tapweight.api.plugin.Settings;
import org.tapweight.nn.Broadcast;
import org.tapweight.nn.Vectors;

/**
 * A multi-layer perceptron with tanh activations on feature rows: {@code a_l = tanh(a_{l-1} W_l + b_l)}.
 * Smooth, so finite-difference curvature is meaningful. Parameters per layer: W ({@code in x hidden},
 * row-major) then b.
 */
public final class TanhEncoder implements Encoder<DenseBatch> {

    private final int inputs;
    private final int hidden;
    private final int layers;

    public TanhEncoder(int inputs, int hidden, int layers) {
        this.inputs = inputs;
        this.hidden = hidden;
        this.layers = layers;
    }

    private int layerInputs(int l) {
        return l == 0 ? inputs : hidden;
    }

    private int offset(int l) {
        int off = 0;
        for (int i = 0; i < l; i++) {
            off += layerInputs(i) * hidden + hidden;
        }
        return off;
    }

    @Override
    public Class<DenseBatch> batchType() {
        return DenseBatch.class;
    }

    @Override
    public int parameterCount() {
        return offset(layers);
    }

    @Override
    public int representationSize() {
        return hidden;
    }

    @Override
    public void initialize(INDArray params, long seed) {
        Random rnd = new Random(seed);
        for (int l = 0; l < layers; l++) {
            int in = layerInputs(l);
            double limit = Math.sqrt(6.0 / (in + hidden)); // Glorot uniform
            int off = offset(l);
            for (int i = 0; i < in * hidden; i++) {
                params.putScalar(off + i, (2 * rnd.nextDouble() - 1) * limit);
            }
            for (int i = 0; i < hidden; i++) {
                params.putScalar(off + in * hidden + i, 0.0);
            }
        }
    }

    private INDArray weights(INDArray params, int l) {
        int off = offset(l);
        return params.get(Vectors.range(off, off + (long) layerInputs(l) * hidden)).reshape(layerInputs(l), hidden);
    }

    private INDArray bias(INDArray params, int l) {
        int off = offset(l) + layerInputs(l) * hidden;
        return params.get(Vectors.range(off, off + hidden)).reshape(1, hidden);
    }

    @Override
    public Pass forward(INDArray params, DenseBatch batch, Noise noise) {
        return forward(params, batch.features());
    }

    /** The forward pass on an explicit feature matrix (objectives that corrupt the input use this). */
    public Pass forward(INDArray params, INDArray features) {
        if (features.columns() != inputs) {
            throw new IllegalArgumentException("encoder expects " + inputs + " features, got " + features.columns());
        }
        List<INDArray> activations = new ArrayList<>();
        INDArray a = features.castTo(params.dataType());
        activations.add(a);
        for (int l = 0; l < layers; l++) {
            a = Transforms.tanh(Broadcast.addiRowVector(a.mmul(weights(params, l)), bias(params, l)), false);
            activations.add(a);
        }
        INDArray output = a;
        return new Pass() {
            @Override
            public INDArray output() {
                return output;
            }

            @Override
            public void backward(INDArray dOutput, INDArray gradAccumulator) {
                INDArray d = dOutput;
                for (int l = layers - 1; l >= 0; l--) {
                    INDArray act = activations.get(l + 1);
                    INDArray dz = d.mul(act.mul(act).rsubi(1.0));
                    INDArray dw = activations.get(l).transpose().mmul(dz);
                    int off = offset(l);
                    int in = layerInputs(l);
                    gradAccumulator.get(Vectors.range(off, off + (long) in * hidden)).addi(dw.reshape((long) in * hidden));
                    gradAccumulator.get(Vectors.range(off + (long) in * hidden, off + (long) in * hidden + hidden))
                            .addi(dz.sum(0).reshape(hidden));
                    if (l > 0) {
                        d = dz.mmul(weights(params, l).transpose());
                    }
                }
            }
        };
    }

    /** Service provider for id {@code tanh-mlp} (modality {@code dense}). */
    public static final class Provider implements EncoderProvider {
        @Override
        public String id() {
            return "tanh-mlp";
        }

        @Override
        public String description() {
            return "multi-layer perceptron with tanh activations on numeric feature rows";
        }

        @Override
        public String modality() {
            return "dense";
        }

        @Override
        public List<SettingSpec> settings() {
            return List.of(SettingSpec.ofInt("hidden", 16, "width of every layer"),
                    SettingSpec.ofInt("layers", 1, "number of tanh layers"));
        }

        @Override
        public Encoder<?> create(Settings settings, Dataset<?> sample) {
            if (!(sample instanceof DenseDataset dense)) {
                throw new ConfigurationException("encoder 'tanh-mlp' reads dense feature rows, but the task's data is "
                        + sample.getClass().getSimpleName());
            }
            int hidden = settings.getInt("hidden");
            int layers = settings.getInt("layers");
            if (hidden < 1 || layers < 1) {
                throw new ConfigurationException(settings.owner() + ": hidden and layers must be >= 1, got " + hidden + " and " + layers);
            }
            return new TanhEncoder(dense.featureCount(), hidden, layers);
        }
    }
}
