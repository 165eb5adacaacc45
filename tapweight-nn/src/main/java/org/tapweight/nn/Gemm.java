package org.tapweight.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Gradient accumulation by BLAS: {@code target += alpha op(a) op(b)} written into the target's own
 * memory (gemm with beta 1), so a weight gradient needs neither a temporary product nor a
 * transposed copy. The target must be C-order contiguous; build it with
 * {@link org.tapweight.nn.Vectors#matrix}, which refuses to hand out a copy (a reshape that had
 * to copy would pass this check and lose the product).
 */
public final class Gemm {

    private Gemm() {
    }

    public static void accumulate(INDArray a, boolean transposeA, INDArray b, boolean transposeB, double alpha, INDArray target) {
        if (target.rank() != 2 || target.ordering() != 'c' || target.elementWiseStride() != 1) {
            throw new IllegalArgumentException("gemm accumulation needs a C-order contiguous matrix, got shape "
                    + java.util.Arrays.toString(target.shape()) + " order " + target.ordering());
        }
        Nd4j.gemm(a, b, target, transposeA, transposeB, alpha, 1.0);
    }

    /** {@code target += alpha * (the sum of d's rows)}: a bias gradient, by BLAS against a column of ones. */
    public static void accumulateRowSum(INDArray d, double alpha, INDArray target) {
        accumulate(HostArrays.ones(d.dataType(), d.rows()), true, d, false, alpha, target.reshape('c', true, 1, target.length()));
    }

    /** {@code a op(b)}, a new array. */
    public static INDArray product(INDArray a, INDArray b, boolean transposeB) {
        return Nd4j.gemm(a, b, false, transposeB);
    }
}
