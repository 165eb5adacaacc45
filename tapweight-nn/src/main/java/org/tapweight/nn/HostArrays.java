package org.tapweight.nn;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Bulk moves between ND4J arrays and Java {@code double[]} through the array's native memory (a
 * {@link FloatBuffer} or {@link DoubleBuffer} view), for the loops a model writes by hand (message
 * passing, embedding lookups). ND4J's own {@code toDoubleVector()} and {@code createFromArray()} go
 * element by element through its buffer API: in a GIN step they took 8.5% and 4.4% of the time.
 * Arrays must be float or double; a view that is not contiguous in C order is copied first.
 */
public final class HostArrays {

    private HostArrays() {
    }

    /** The values of {@code a} in C order. */
    public static double[] read(INDArray a) {
        INDArray c = contiguous(a);
        int n = Math.toIntExact(c.length());
        double[] out = new double[n];
        int off = Math.toIntExact(c.offset());
        if (c.dataType() == DataType.FLOAT) {
            FloatBuffer b = c.data().asNioFloat();
            for (int i = 0; i < n; i++) {
                out[i] = b.get(off + i);
            }
        } else {
            c.data().asNioDouble().get(off, out, 0, n);
        }
        return out;
    }

    /** A new {@code [rows, cols]} array of {@code type} holding {@code values} in C order. */
    public static INDArray create(double[] values, DataType type, long rows, long cols) {
        if (values.length != rows * cols) {
            throw new IllegalArgumentException(values.length + " values for a " + rows + " x " + cols + " array");
        }
        INDArray a = Nd4j.createUninitialized(checked(type), rows, cols);
        if (type == DataType.FLOAT) {
            FloatBuffer b = a.data().asNioFloat();
            int off = Math.toIntExact(a.offset());
            for (int i = 0; i < values.length; i++) {
                b.put(off + i, (float) values[i]);
            }
        } else {
            a.data().asNioDouble().put(Math.toIntExact(a.offset()), values, 0, values.length);
        }
        return a;
    }

    /**
     * {@code target[from + i] += values[i]} for every i, in place; {@code target} must be contiguous
     * (a range of a flat parameter or gradient vector is).
     */
    public static void add(INDArray target, long from, double[] values) {
        requireContiguous(target);
        int base = Math.toIntExact(target.offset() + from);
        if (from < 0 || from + values.length > target.length()) {
            throw new IndexOutOfBoundsException("adding " + values.length + " values at " + from + " to " + target.length());
        }
        if (target.dataType() == DataType.FLOAT) {
            FloatBuffer b = target.data().asNioFloat();
            for (int i = 0; i < values.length; i++) {
                b.put(base + i, b.get(base + i) + (float) values[i]);
            }
        } else {
            DoubleBuffer b = target.data().asNioDouble();
            for (int i = 0; i < values.length; i++) {
                b.put(base + i, b.get(base + i) + values[i]);
            }
        }
    }

    /**
     * A sparse row update of the {@code tableRows x width} table at {@code from}:
     * {@code target[from + rows[i] * width + k] += values[i * width + k]}, e.g. the gradient of the
     * embedding rows a batch used, without touching the other rows of the table.
     */
    public static void addRows(INDArray target, long from, int width, int tableRows, int[] rows, double[] values) {
        requireContiguous(target);
        if (values.length != (long) rows.length * width) {
            throw new IllegalArgumentException(values.length + " values for " + rows.length + " rows of " + width);
        }
        if (from < 0 || from + (long) tableRows * width > target.length()) {
            throw new IndexOutOfBoundsException("a table of " + tableRows + " x " + width + " at " + from + " overruns "
                    + target.length() + " values");
        }
        int base = Math.toIntExact(target.offset() + from);
        for (int r : rows) {
            if (r < 0 || r >= tableRows) { // a bad index must not land in the next table
                throw new IndexOutOfBoundsException("row " + r + " of a table of " + tableRows + " rows");
            }
        }
        if (target.dataType() == DataType.FLOAT) {
            FloatBuffer b = target.data().asNioFloat();
            for (int i = 0; i < rows.length; i++) {
                int t = base + rows[i] * width;
                int v = i * width;
                for (int k = 0; k < width; k++) {
                    b.put(t + k, b.get(t + k) + (float) values[v + k]);
                }
            }
        } else {
            DoubleBuffer b = target.data().asNioDouble();
            for (int i = 0; i < rows.length; i++) {
                int t = base + rows[i] * width;
                int v = i * width;
                for (int k = 0; k < width; k++) {
                    b.put(t + k, b.get(t + k) + values[v + k]);
                }
            }
        }
    }

    /** A column of ones, {@code [rows, 1]}: {@code gemm(ones, d, bias, transposeA)} sums d's rows into a bias gradient by BLAS. */
    public static INDArray ones(DataType type, long rows) {
        return Nd4j.ones(checked(type), rows, 1);
    }

    private static INDArray contiguous(INDArray a) {
        checked(a.dataType());
        return isContiguous(a) ? a : a.dup('c');
    }

    private static void requireContiguous(INDArray a) {
        checked(a.dataType());
        if (!isContiguous(a)) {
            throw new IllegalArgumentException("in-place add needs a contiguous C-order array, got shape "
                    + java.util.Arrays.toString(a.shape()) + " with strides " + java.util.Arrays.toString(a.stride()));
        }
    }

    private static boolean isContiguous(INDArray a) {
        return a.length() <= 1 || a.ordering() == 'c' && a.elementWiseStride() == 1 || a.rank() == 1 && a.stride(0) == 1;
    }

    private static DataType checked(DataType type) {
        if (type != DataType.FLOAT && type != DataType.DOUBLE) {
            throw new IllegalArgumentException("float or double arrays only, got " + type);
        }
        return type;
    }
}
