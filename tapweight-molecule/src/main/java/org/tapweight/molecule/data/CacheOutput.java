package org.tapweight.molecule.data;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Writes a cache payload; strings of any length (length-prefixed UTF-8, not writeUTF's 64 KB). */
public final class CacheOutput extends DataOutputStream {

    CacheOutput(OutputStream out) {
        super(new java.io.BufferedOutputStream(out, 1 << 16));
    }

    public void writeString(String s) throws IOException {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        writeInt(bytes.length);
        write(bytes);
    }

    public void writeInts(int[] values) throws IOException {
        writeInt(values.length);
        for (int v : values) {
            writeInt(v);
        }
    }

    public void writeDoubles(double[] values) throws IOException {
        writeInt(values.length);
        for (double v : values) {
            writeDouble(v);
        }
    }
}
