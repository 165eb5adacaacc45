package org.tapweight.nn;

import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tapweight.api.modality.Encoder;
import org.tapweight.api.modality.Head;

/**
 * An affine layer {@code y = x A + c} on rows; parameters A ({@code in x out}, row-major) then c,
 * in a flat vector owned by the caller. Used by heads of every modality.
 */
public final class Linear {

    private final int in;
    private final int out;

    public Linear(int in, int out) {
        this.in = in;
        this.out = out;
    }

    public int size() {
        return in * out + out;
    }

    public void initialize(INDArray head, long seed) {
        Random rnd = new Random(seed);
        double limit = Math.sqrt(6.0 / (in + out));
        for (int i = 0; i < in * out; i++) {
            head.putScalar(i, (2 * rnd.nextDouble() - 1) * limit);
        }
        for (int i = 0; i < out; i++) {
            head.putScalar(in * out + i, 0.0);
        }
    }

    /** The weight matrix A as a view of the parameters. */
    public INDArray weights(INDArray head) {
        return head.get(Vectors.range(0, (long) in * out)).reshape(in, out);
    }

    public INDArray forward(INDArray head, INDArray x) {
        return Broadcast.addiRowVector(x.mmul(weights(head)),
                head.get(Vectors.range((long) in * out, (long) in * out + out)).reshape(1, out));
    }

    /**
     * A squared-error loss of this head on an encoder pass, {@code 1/2 sum mask * (x A + c - t)^2 / count},
     * adding {@code grads.scale()} times its gradient to the head and, through the pass, the encoder.
     *
     * @param mask  1 where an entry counts, or null for all entries
     * @param count the normaliser (rows, or masked entries)
     */
    public double squaredError(Encoder.Pass pass, INDArray head, INDArray target, INDArray mask, double count,
                        Head.Gradients grads) {
        INDArray rep = pass.output();
        INDArray residual = forward(head, rep).subi(target.castTo(rep.dataType()));
        if (mask != null) {
            residual.muli(mask);
        }
        double loss = 0.5 * residual.mul(residual).sumNumber().doubleValue() / count;
        if (grads != null) {
            INDArray dRep = backward(head, rep, residual.divi(count), grads.head(), grads.scale());
            pass.backward(dRep.muli(grads.scale()), grads.encoder());
        }
        return loss;
    }

    /** Adds {@code scale *} the head gradient into {@code headGrad}; returns {@code dL/dx}. */
    public INDArray backward(INDArray head, INDArray x, INDArray dy, INDArray headGrad, double scale) {
        // gemm with beta 1 accumulates into the gradient's own memory: no temporaries, transposes as flags
        Gemm.accumulate(x, true, dy, false, scale, weights(headGrad));
        Gemm.accumulateRowSum(dy, scale, headGrad.get(Vectors.range((long) in * out, (long) in * out + out)));
        return Gemm.product(dy, weights(head), true);
    }
}
