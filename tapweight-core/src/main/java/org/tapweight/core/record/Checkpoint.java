package org.tapweight.core.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tapweight.api.plugin.ConfigurationException;
import org.tapweight.core.engine.EngineState;
import org.tapweight.core.run.Provenance;

/**
 * An engine state on disk: a zip holding {@code meta.json} (step, lambda, optimiser iterations, the
 * config fingerprint, the checksums of the data the run read, the divergence guard's early levels and
 * a manifest of every other entry with its size and SHA-256) and one ND4J binary entry per array.
 * Written atomically. On restore nothing is taken on trust: a missing, renamed, extra or altered
 * entry, a different config or different data is an error naming the file, never a partial restore.
 */
public final class Checkpoint {

    public static final String FILE_NAME = "checkpoint.zip";
    private static final int FORMAT = 2;
    private static final String META = "meta.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Checkpoint() {
    }

    /** What the checkpoint was written for, checked on restore. */
    public record Identity(String configFingerprint, Map<String, String> dataChecksums) {
        public Identity {
            dataChecksums = new TreeMap<>(dataChecksums);
        }
    }

    public static void save(Path file, EngineState s, Identity identity) throws IOException {
        AtomicFiles.write(file, out -> writeTo(out, s, identity));
    }

    /**
     * Writes the checkpoint of the state as it is now to {@code out}: one array at a time straight into
     * the zip, hashed on the way, and the metadata with the manifest last. No copy of the state is held
     * on the heap (a MiniLM run's state is about 500 MB), so a pending checkpoint can wait in a file.
     */
    public static void writeTo(OutputStream out, EngineState s, Identity identity) throws IOException {
        // buffered on both sides of the deflater: ND4J writes an array element by element
        ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush(); // the caller closes its own stream
            }
        }, 1 << 16));
        ObjectNode manifest = JSON.createObjectNode();
        putArray(zip, manifest, "theta", s.theta);
        putArray(zip, manifest, "omega", s.omega);
        putArray(zip, manifest, "optimizerI", s.optimizerI.state());
        putArray(zip, manifest, "optimizerII", s.optimizerII.state());
        putArray(zip, manifest, "optimizerIII", s.optimizerIII.state());
        putArray(zip, manifest, "warmI", s.warmI);
        putArray(zip, manifest, "warmII", s.warmII);
        ObjectNode meta = JSON.createObjectNode();
        meta.put("format", FORMAT);
        meta.put("step", s.step);
        meta.put("configFingerprint", identity.configFingerprint());
        meta.set("dataChecksums", JSON.valueToTree(identity.dataChecksums()));
        meta.set("lambda", JSON.valueToTree(s.lambda));
        meta.put("iterationI", s.optimizerI.iteration());
        meta.put("iterationII", s.optimizerII.iteration());
        meta.put("iterationIII", s.optimizerIII.iteration());
        meta.set("lossReference", JSON.valueToTree(s.lossReference));
        if (s.initialLosses != null) {
            meta.set("initialLosses", JSON.valueToTree(s.initialLosses));
        }
        meta.set("entries", manifest);
        zip.putNextEntry(new ZipEntry(META));
        zip.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(meta));
        zip.closeEntry();
        zip.close();
    }

    /** The step a checkpoint holds, or -1 if it cannot be read (for messages only). */
    public static int step(Path file) {
        try {
            return JSON.readTree(readEntries(file).get(META)).path("step").asInt(-1);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Restores {@code s} (already initialised for the same config) from {@code file}. */
    public static void restore(Path file, EngineState s, Identity identity) throws IOException {
        Map<String, byte[]> entries = readEntries(file);
        byte[] metaBytes = entries.remove(META);
        if (metaBytes == null) {
            throw damaged(file, "it has no " + META);
        }
        JsonNode meta = JSON.readTree(metaBytes);
        if (meta.path("format").asInt() != FORMAT) {
            throw new ConfigurationException(file + ": checkpoint format " + meta.path("format").asInt() + ", this version reads "
                    + FORMAT + " (with an integrity manifest); start the run again in a new output folder");
        }
        checkManifest(file, meta.path("entries"), entries);
        String saved = meta.path("configFingerprint").asText();
        if (!saved.equals(identity.configFingerprint())) {
            throw new ConfigurationException(file + " was written by a run with a different config (fingerprint " + saved
                    + ", this config " + identity.configFingerprint() + "); resume with the original config or start a new output folder");
        }
        checkData(file, meta.path("dataChecksums"), identity.dataChecksums());
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
        s.lossReference.clear();
        meta.path("lossReference").fields().forEachRemaining(e -> s.lossReference.put(e.getKey(), e.getValue().asDouble()));
        s.initialLosses = meta.has("initialLosses") ? JSON.treeToValue(meta.path("initialLosses"), double[].class) : null;
    }

    private static Map<String, byte[]> readEntries(Path file) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(file); ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                entries.put(e.getName(), zip.readAllBytes());
            }
        } catch (java.nio.file.NoSuchFileException e) {
            throw e;
        } catch (IOException e) {
            throw damaged(file, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        return entries;
    }

    /** Every entry the manifest lists is there with its size and hash, and there is nothing else. */
    private static void checkManifest(Path file, JsonNode manifest, Map<String, byte[]> entries) {
        for (Iterator<Map.Entry<String, JsonNode>> it = manifest.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> listed = it.next();
            byte[] bytes = entries.get(listed.getKey());
            if (bytes == null) {
                throw damaged(file, "entry '" + listed.getKey() + "' is missing (the file is truncated or was edited)");
            }
            if (bytes.length != listed.getValue().path("bytes").asLong()
                    || !Provenance.sha256(bytes).equals(listed.getValue().path("sha256").asText())) {
                throw damaged(file, "entry '" + listed.getKey() + "' does not match its SHA-256 in the manifest");
            }
        }
        for (String name : entries.keySet()) {
            if (!manifest.has(name)) {
                throw damaged(file, "entry '" + name + "' is not in the manifest (renamed or added)");
            }
        }
    }

    private static void checkData(Path file, JsonNode saved, Map<String, String> now) {
        Map<String, String> then = new TreeMap<>();
        saved.fields().forEachRemaining(e -> then.put(e.getKey(), e.getValue().asText()));
        if (then.equals(now)) {
            return;
        }
        StringBuilder diff = new StringBuilder();
        for (String key : new java.util.TreeSet<>(concat(then.keySet(), now.keySet()))) {
            String a = then.get(key);
            String b = now.get(key);
            if (a == null || !a.equals(b)) {
                diff.append("\n  ").append(key).append(": ").append(a == null ? "(not read then)" : a.substring(0, Math.min(12, a.length())))
                        .append(" -> ").append(b == null ? "(not read now)" : b.substring(0, Math.min(12, b.length())));
            }
        }
        throw new ConfigurationException(file + " was written for different data (SHA-256 then -> now):" + diff
                + "\nresume with the data the run started with, or start a new output folder");
    }

    private static java.util.Set<String> concat(java.util.Set<String> a, java.util.Set<String> b) {
        java.util.Set<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return all;
    }

    private static ConfigurationException damaged(Path file, String why) {
        return new ConfigurationException(file + ": the checkpoint is damaged: " + why
                + "; restore it from a copy, or delete it and the run record to start the run again");
    }

    /** One array as a zip entry, its size and SHA-256 into the manifest as it streams past. */
    private static void putArray(ZipOutputStream zip, ObjectNode manifest, String name, INDArray a) throws IOException {
        if (a == null) {
            return;
        }
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        zip.putNextEntry(new ZipEntry(name + ".nd4j"));
        long[] count = {0};
        DataOutputStream data = new DataOutputStream(new BufferedOutputStream(new FilterOutputStream(zip) {
            @Override
            public void write(int b) throws IOException {
                zip.write(b);
                sha.update((byte) b);
                count[0]++;
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                zip.write(b, off, len);
                sha.update(b, off, len);
                count[0] += len;
            }
        }, 1 << 16));
        Nd4j.write(a, data);
        data.flush();
        zip.closeEntry();
        manifest.putObject(name + ".nd4j").put("bytes", count[0]).put("sha256", HexFormat.of().formatHex(sha.digest()));
    }

    private static INDArray read(Map<String, byte[]> entries, String name, Path file) throws IOException {
        INDArray a = readOptional(entries, name);
        if (a == null) {
            throw damaged(file, "it has no entry '" + name + ".nd4j'");
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
