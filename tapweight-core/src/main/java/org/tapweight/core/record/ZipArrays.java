package org.tapweight.core.record;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tapweight.api.plugin.ConfigurationException;

/** Parameter vectors as zip entries in ND4J's binary format: the shared part of encoder and model files. */
final class ZipArrays {

    private ZipArrays() {
    }

    static void write(ZipOutputStream zip, String entry, INDArray array) throws IOException {
        zip.putNextEntry(new ZipEntry(entry));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream data = new DataOutputStream(bytes)) {
            Nd4j.write(array.dup(), data);
        }
        zip.write(bytes.toByteArray());
        zip.closeEntry();
    }

    /** Every entry of a zip file by name; {@code what} names the kind of file in the error. */
    static Map<String, byte[]> entries(Path file, String what) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigurationException(file + ": no such " + what);
        }
        Map<String, byte[]> entries = new HashMap<>();
        try (InputStream in = Files.newInputStream(file); ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                entries.put(e.getName(), zip.readAllBytes());
            }
        } catch (IOException e) {
            throw new ConfigurationException(file + ": cannot read the " + what + ": " + e.getMessage(), e);
        }
        return entries;
    }

    /**
     * An array entry, checked against the length the file's metadata gives.
     *
     * @param writer the command that writes such files again, for the error
     */
    static INDArray read(Path file, String writer, String entry, String what, byte[] bytes, JsonNode expectedLength) {
        INDArray a;
        try (DataInputStream data = new DataInputStream(new ByteArrayInputStream(bytes))) {
            a = Nd4j.read(data);
        } catch (IOException | RuntimeException e) {
            throw new ConfigurationException(file + ": entry '" + entry + "' (" + what + ") cannot be read: "
                    + e.getMessage() + "; write the file again with " + writer, e);
        }
        if (a == null || (expectedLength.canConvertToLong() && a.length() != expectedLength.asLong())) {
            throw new ConfigurationException(file + ": entry '" + entry + "' (" + what + ") holds "
                    + (a == null ? "nothing" : a.length() + " parameters") + " but the file's metadata says "
                    + expectedLength.asLong() + "; write the file again with " + writer);
        }
        return a;
    }
}
