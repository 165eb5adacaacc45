package org.tapweight.core.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
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
import org.tapweight.core.engine.EngineState;

/**
 * An engine state on disk: a zip holding {@code meta.json} (step, lambda, optimiser iterations, the
 * config fingerprint) and one ND4J binary entry per array. Written atomically; a checkpoint from a
 * different config is refused on resume.
 */
public final class Checkpoint {

    public static final String FILE_NAME = "checkpoint.zip";
    private static final int FORMAT = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    private Checkpoint() {
    }

    public static void save(Path file, EngineState s, String configFingerprint) throws IOException {
        ObjectNode meta = JSON.createObjectNode();
        meta.put("format", FORMAT);
        meta.put("step", s.step);
        meta.put("configFingerprint", configFingerprint);
        meta.set("lambda", JSON.valueToTree(s.lambda));
        meta.put("iterationI", s.optimizerI.iteration());
        meta.put("iterationII", s.optimizerII.iteration());
        meta.put("iterationIII", s.optimizerIII.iteration());
        Map<String, INDArray> arrays = new HashMap<>();
        arrays.put("theta", s.theta);
        arrays.put("omega", s.omega);
        arrays.put("optimizerI", s.optimizerI.state());
        arrays.put("optimizerII", s.optimizerII.state());
        arrays.put("optimizerIII", s.optimizerIII.state());
        arrays.put("warmI", s.warmI);
        arrays.put("warmII", s.warmII);
        AtomicFiles.write(file, out -> {
            try (ZipOutputStream zip = new ZipOutputStream(out)) {
                zip.putNextEntry(new ZipEntry("meta.json"));
                zip.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(meta));
                zip.closeEntry();
                for (Map.Entry<String, INDArray> e : arrays.entrySet()) {
                    if (e.getValue() == null) {
                        continue;
                    }
                    zip.putNextEntry(new ZipEntry(e.getKey() + ".nd4j"));
                    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                    try (DataOutputStream data = new DataOutputStream(bytes)) {
                        Nd4j.write(e.getValue(), data);
                    }
                    zip.write(bytes.toByteArray());
                    zip.closeEntry();
                }
            }
        });
    }

    /** Restores {@code s} (already initialised for the same config) from {@code file}. */
    public static void restore(Path file, EngineState s, String configFingerprint) throws IOException {
        Map<String, byte[]> entries = new HashMap<>();
        try (InputStream in = Files.newInputStream(file); ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                entries.put(e.getName(), zip.readAllBytes());
            }
        }
        byte[] metaBytes = entries.get("meta.json");
        if (metaBytes == null) {
            throw new IOException(file + ": not a checkpoint (no meta.json)");
        }
        JsonNode meta = JSON.readTree(new String(metaBytes, StandardCharsets.UTF_8));
        if (meta.path("format").asInt() != FORMAT) {
            throw new IOException(file + ": checkpoint format " + meta.path("format").asInt() + ", this version reads " + FORMAT);
        }
        String saved = meta.path("configFingerprint").asText();
        if (!saved.equals(configFingerprint)) {
            throw new ConfigurationException(file + " was written by a run with a different config (fingerprint " + saved
                    + ", this config " + configFingerprint + "); resume with the original config or start a new output folder");
        }
        s.step = meta.path("step").asInt();
        s.lambda = JSON.treeToValue(meta.path("lambda"), double[].class);
        s.theta.assign(read(entries, "theta", file));
        if (s.omega != null) {
            s.omega.assign(read(entries, "omega", file));
        }
        s.optimizerI.restore(readOptional(entries, "optimizerI"), meta.path("iterationI").asInt());
        s.optimizerII.restore(readOptional(entries, "optimizerII"), meta.path("iterationII").asInt());
        s.optimizerIII.restore(readOptional(entries, "optimizerIII"), meta.path("iterationIII").asInt());
        s.warmI = readOptional(entries, "warmI");
        s.warmII = readOptional(entries, "warmII");
    }

    private static INDArray read(Map<String, byte[]> entries, String name, Path file) throws IOException {
        INDArray a = readOptional(entries, name);
        if (a == null) {
            throw new IOException(file + ": checkpoint has no entry '" + name + "'");
        }
        return a;
    }

    private static INDArray readOptional(Map<String, byte[]> entries, String name) throws IOException {
        byte[] bytes = entries.get(name + ".nd4j");
        if (bytes == null) {
            return null;
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            return Nd4j.read(in);
        }
    }
}
