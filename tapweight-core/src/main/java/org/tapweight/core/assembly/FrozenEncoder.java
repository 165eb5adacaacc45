package org.tapweight.core.assembly;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.tapweight.api.modality.Batch;
import org.tapweight.api.modality.Encoder;
import org.tapweight.api.model.Noise;

/** An encoder whose passes compute their output as usual and skip the backward pass: for probes. */
final class FrozenEncoder<B extends Batch> implements Encoder<B> {

    private final Encoder<B> encoder;

    FrozenEncoder(Encoder<B> encoder) {
        this.encoder = encoder;
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
    public void initialize(INDArray params, long seed) {
        encoder.initialize(params, seed);
    }

    @Override
    public Pass forward(INDArray params, B batch, Noise noise) {
        Pass pass = encoder.forward(params, batch, noise);
        return new Pass() {
            @Override
            public INDArray output() {
                return pass.output();
            }

            @Override
            public void backward(INDArray dOutput, INDArray gradAccumulator) {
                // frozen: no gradient flows into the encoder
            }
        };
    }
}
