package org.tapweight.nn;

import java.lang.ref.Reference;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.BroadcastOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastAddOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastDivOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastSubOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A matrix combined with a row vector (one value per column) or a column vector (one value per row),
 * element by element: the same numbers as ND4J's {@code addiRowVector}, {@code divColumnVector} and
 * their kin, without the crash those can cause.
 *
 * <p>Why not ND4J's methods: in ND4J 1.0.0-M2.1 they build a broadcast op whose dimension array is
 * an off-heap buffer freed by ND4J's deallocator thread once the op object is unreachable. The JIT
 * may treat the op as dead as soon as the native call's arguments are loaded, so a garbage collection
 * during the call frees a buffer the native code is still reading, and the JVM dies with SIGSEGV in
 * {@code sd::DataBuffer::primary()} or {@code special()}. A GLUE bench died that way after 39 minutes;
 * {@code org.tapweight.bench.diag.BroadcastStress} reproduces it in seconds. Here the op is built
 * and kept reachable until the call has returned. Reductions along a dimension were not seen to crash.
 */
public final class Broadcast {

    private enum Kind { ADD, SUB, MUL, DIV }

    private Broadcast() {
    }

    /** {@code m[i, j] += row[j]}, in place; returns {@code m}. */
    public static INDArray addiRowVector(INDArray m, INDArray row) {
        return run(Kind.ADD, m, row, m, true);
    }

    /** A new matrix {@code m[i, j] * row[j]}. */
    public static INDArray mulRowVector(INDArray m, INDArray row) {
        return run(Kind.MUL, m, row, m.ulike(), true);
    }

    /** A new matrix {@code m[i, j] - column[i]}. */
    public static INDArray subColumnVector(INDArray m, INDArray column) {
        return run(Kind.SUB, m, column, m.ulike(), false);
    }

    /** {@code m[i, j] -= column[i]}, in place; returns {@code m}. */
    public static INDArray subiColumnVector(INDArray m, INDArray column) {
        return run(Kind.SUB, m, column, m, false);
    }

    /** A new matrix {@code m[i, j] * column[i]}. */
    public static INDArray mulColumnVector(INDArray m, INDArray column) {
        return run(Kind.MUL, m, column, m.ulike(), false);
    }

    /** {@code m[i, j] *= column[i]}, in place; returns {@code m}. */
    public static INDArray muliColumnVector(INDArray m, INDArray column) {
        return run(Kind.MUL, m, column, m, false);
    }

    /** A new matrix {@code m[i, j] / column[i]}. */
    public static INDArray divColumnVector(INDArray m, INDArray column) {
        return run(Kind.DIV, m, column, m.ulike(), false);
    }

    /** {@code m[i, j] /= column[i]}, in place; returns {@code m}. */
    public static INDArray diviColumnVector(INDArray m, INDArray column) {
        return run(Kind.DIV, m, column, m, false);
    }

    private static INDArray run(Kind kind, INDArray m, INDArray vector, INDArray out, boolean perColumn) {
        long wanted = perColumn ? m.columns() : m.rows();
        if (m.rank() != 2 || vector.length() != wanted || (vector.rank() == 2 && vector.size(perColumn ? 0 : 1) != 1)) {
            throw new IllegalArgumentException("a " + (perColumn ? "row" : "column") + " vector of length " + wanted
                    + " is needed for a matrix of shape " + Arrays.toString(m.shape()) + ", got shape "
                    + Arrays.toString(vector.shape()));
        }
        // As ND4J does: a vector sharing the matrix's buffer is copied first.
        INDArray v = vector.data() == m.data() ? vector.dup() : vector;
        int dimension = perColumn ? 1 : 0;
        BroadcastOp op = switch (kind) {
            case ADD -> new BroadcastAddOp(m, v, out, dimension);
            case SUB -> new BroadcastSubOp(m, v, out, dimension);
            case MUL -> new BroadcastMulOp(m, v, out, dimension);
            case DIV -> new BroadcastDivOp(m, v, out, dimension);
        };
        Nd4j.getExecutioner().exec(op);
        Reference.reachabilityFence(op);
        return out;
    }
}
