package org.tapweight.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Named matrices laid out one after another in a flat parameter vector, so a model refers to
 * {@code "layer1.weight"} instead of keeping offsets by hand. Declare the blocks once, in order; then
 * {@link #view} gives a row-major {@code [rows, cols]} view into any vector of {@link #size()}
 * (parameters or their gradient: writes go through to the vector).
 *
 * <pre>
 * ParameterBlocks b = new ParameterBlocks();
 * b.add("embedding", vocabulary, hidden);
 * b.add("layer1.weight", hidden, hidden);
 * b.add("layer1.bias", 1, hidden);
 * INDArray w = b.view(params, "layer1.weight");   // [hidden, hidden]
 * </pre>
 */
public final class ParameterBlocks {

    /** One block: where it starts and its shape. */
    public record Block(String name, int offset, int rows, int cols) {
        public int length() {
            return rows * cols;
        }
    }

    private final Map<String, Block> blocks = new LinkedHashMap<>();
    private int size;

    /** Appends a block; names are unique. Returns this, for chaining. */
    public ParameterBlocks add(String name, int rows, int cols) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("block '" + name + "' needs a non-negative shape, got " + rows + " x " + cols);
        }
        if (blocks.containsKey(name)) {
            throw new IllegalArgumentException("block '" + name + "' is declared twice");
        }
        blocks.put(name, new Block(name, size, rows, cols));
        size = Math.addExact(size, Math.multiplyExact(rows, cols));
        return this;
    }

    /** The total length of the blocks so far. */
    public int size() {
        return size;
    }

    public Block block(String name) {
        Block b = blocks.get(name);
        if (b == null) {
            throw new IllegalArgumentException("no parameter block '" + name + "'; blocks: " + blocks.keySet());
        }
        return b;
    }

    public int offset(String name) {
        return block(name).offset();
    }

    /** The blocks in declaration order. */
    public List<Block> blocks() {
        return Collections.unmodifiableList(new ArrayList<>(blocks.values()));
    }

    /** A {@code [rows, cols]} view of block {@code name} in {@code flat} (a vector of {@link #size()}). */
    public INDArray view(INDArray flat, String name) {
        if (flat.length() != size) {
            throw new IllegalArgumentException("a vector of " + size + " parameters expected, got " + flat.length());
        }
        Block b = block(name);
        return Vectors.matrix(flat, b.offset(), b.rows(), b.cols());
    }
}
