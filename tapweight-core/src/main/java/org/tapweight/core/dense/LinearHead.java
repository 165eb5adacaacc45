package org.tapweight.core.dense;

import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tapweight.hypergrad.Vectors;

/** {@code y = x A + c} on representation rows; parameters A ({@code in x out}, row-major) then c. */
final class LinearHead {

    private final int in;
    private final int out;

    LinearHead(int in, int out) {
        this.in = in;
        this.out = out;
    }

    int size() {
        return in * out + out;
    }

    void initialize(INDArray head, long seed) {
        Random rnd = new Random(seed);
        double limit = Math.sqrt(6.0 / (in + out));
        for (int i = 0; i < in * out; i++) {
            head.putScalar(i, (2 * rnd.nextDouble() - 1) * limit);
        }
        for (int i = 0; i < out; i++) {
            head.putScalar(in * out + i, 0.0);
        }
    }

    private INDArray weights(INDArray head) {
        return head.get(Vectors.range(0, (long) in * out)).reshape(in, out);
    }

    INDArray forward(INDArray head, INDArray x) {
        return x.mmul(weights(head)).addiRowVector(head.get(Vectors.range((long) in * out, (long) in * out + out)).reshape(1, out));
    }

    /** Adds {@code scale *} the head gradient into {@code headGrad}; returns {@code dL/dx}. */
    INDArray backward(INDArray head, INDArray x, INDArray dy, INDArray headGrad, double scale) {
        headGrad.get(Vectors.range(0, (long) in * out)).addi(x.transpose().mmul(dy).reshape((long) in * out).muli(scale));
        headGrad.get(Vectors.range((long) in * out, (long) in * out + out)).addi(dy.sum(0).reshape(out).muli(scale));
        return dy.mmul(weights(head).transpose());
    }
}
