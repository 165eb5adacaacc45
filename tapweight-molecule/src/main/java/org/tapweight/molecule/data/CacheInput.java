package org.tapweight.molecule.data;

import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

/**
 * Reads a cache payload written by {@link CacheOutput}. Every count is checked against the bytes
 * that remain before anything is allocated, so a damaged length is an IOException, never an
 * OutOfMemoryError.
 */
public final class CacheInput {

    private final ByteBuffer buffer;

    CacheInput(ByteBuffer buffer) {
        this.buffer = buffer;
    }

    public int remaining() {
        return buffer.remaining();
    }

    public int readInt() throws IOException {
        need(4);
        return buffer.getInt();
    }

    public long readLong() throws IOException {
        need(8);
        return buffer.getLong();
    }

    public double readDouble() throws IOException {
        need(8);
        return buffer.getDouble();
    }

    /** A count of items of at least {@code bytesEach} bytes each that must fit in what remains. */
    public int readCount(int bytesEach) throws IOException {
        int n = readInt();
        if (n < 0 || (long) n * bytesEach > buffer.remaining()) {
            throw new IOException("a count of " + n + " does not fit in the " + buffer.remaining() + " bytes left");
        }
        return n;
    }

    public String readString() throws IOException {
        byte[] bytes = new byte[readCount(1)];
        buffer.get(bytes);
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IOException("a string is not valid UTF-8", e);
        }
    }

    public int[] readInts() throws IOException {
        int[] v = new int[readCount(4)];
        buffer.asIntBuffer().get(v);
        buffer.position(buffer.position() + 4 * v.length);
        return v;
    }

    public double[] readDoubles() throws IOException {
        double[] v = new double[readCount(8)];
        buffer.asDoubleBuffer().get(v);
        buffer.position(buffer.position() + 8 * v.length);
        return v;
    }

    /** Fails unless the whole payload was read. */
    public void requireEnd() throws IOException {
        if (buffer.hasRemaining()) {
            throw new IOException(buffer.remaining() + " bytes after the end of the payload");
        }
    }

    private void need(int bytes) throws IOException {
        if (buffer.remaining() < bytes) {
            throw new IOException("the payload ends early", new BufferUnderflowException());
        }
    }
}
