package org.tapweight.nlp.model;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.tapweight.nn.Broadcast;
import org.tapweight.nn.Gemm;

/**
 * Layer normalisation over the columns of each row, {@code y = (x - mean) / sqrt(var + eps) * gain + bias},
 * with its backward pass. {@link #forward} returns the state the backward pass needs.
 */
public final class LayerNorm {

    public static final double EPSILON = 1e-5;

    private LayerNorm() {
    }

    /** The normalised rows {@code xhat} and {@code 1 / sqrt(var + eps)} per row, kept for the backward pass. */
    public record State(INDArray normalized, INDArray inverseStd, INDArray output) {
    }

    public static State forward(INDArray x, INDArray gain, INDArray bias) {
        return forward(x, gain, bias, EPSILON);
    }

    /** With a given epsilon (BERT's is 1e-12). */
    public static State forward(INDArray x, INDArray gain, INDArray bias, double epsilon) {
        long n = x.rows();
        INDArray centred = Broadcast.subColumnVector(x, x.mean(1).reshape(n, 1));
        INDArray var = centred.mul(centred).mean(1).reshape(n, 1);
        INDArray inv = Transforms.pow(var.addi(epsilon), -0.5, false);
        INDArray xhat = Broadcast.muliColumnVector(centred, inv);
        INDArray y = Broadcast.addiRowVector(Broadcast.mulRowVector(xhat, gain), bias);
        return new State(xhat, inv, y);
    }

    /**
     * Adds the gain and bias gradients into {@code dGain} and {@code dBias} (row vectors, may be views)
     * and returns {@code dL/dx}.
     */
    public static INDArray backward(State s, INDArray gain, INDArray dy, INDArray dGain, INDArray dBias) {
        long n = dy.rows();
        long h = dy.columns();
        Gemm.accumulateRowSum(dy.mul(s.normalized()), 1.0, dGain);
        Gemm.accumulateRowSum(dy, 1.0, dBias);
        INDArray dxhat = Broadcast.mulRowVector(dy, gain);
        INDArray meanD = dxhat.mean(1).reshape(n, 1);
        INDArray meanDX = dxhat.mul(s.normalized()).sum(1).divi(h).reshape(n, 1);
        INDArray centredD = Broadcast.subiColumnVector(dxhat, meanD).subi(Broadcast.mulColumnVector(s.normalized(), meanDX));
        return Broadcast.muliColumnVector(centredD, s.inverseStd());
    }
}
