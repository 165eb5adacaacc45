package org.tapweight.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** In-place vector algebra on flat ND4J arrays, without temporary allocations where ND4J allows. */
public final class Vectors {

    private Vectors() {
    }

    /** {@code y += a * x}. */
    public static void axpy(double a, INDArray x, INDArray y) {
        Nd4j.getBlasWrapper().level1().axpy(x.length(), a, x, y);
    }

    public static double dot(INDArray x, INDArray y) {
        return Nd4j.getBlasWrapper().level1().dot(x.length(), 1.0, x, y);
    }

    public static double norm(INDArray x) {
        return x.norm2Number().doubleValue();
    }

    /** The index {@code [from, to)} of a flat vector, for zero-copy views with {@code get}. */
    public static org.nd4j.linalg.indexing.INDArrayIndex range(long from, long to) {
        return org.nd4j.linalg.indexing.NDArrayIndex.interval(from, to);
    }

    /**
     * A {@code rows x cols} row-major view of {@code flat} starting at {@code offset} (a parameter block
     * of a flat vector). Always a view: where ND4J would have to copy, this throws, because a write into
     * the block (a gradient accumulated in place) would otherwise be lost in the copy.
     */
    public static INDArray matrix(INDArray flat, long offset, long rows, long cols) {
        return flat.get(range(offset, offset + rows * cols)).reshape('c', true, rows, cols);
    }

    /** A zero vector shaped and typed like {@code like}. */
    public static INDArray zerosLike(INDArray like) {
        return Nd4j.zeros(like.dataType(), like.length());
    }
}
