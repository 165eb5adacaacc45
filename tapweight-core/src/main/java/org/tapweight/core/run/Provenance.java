package org.tapweight.core.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.nd4j.linalg.factory.Nd4j;
import org.tapweight.core.config.RunConfig;

/** Versions, environment and fingerprints written into run records. */
public final class Provenance {

    private Provenance() {
    }

    public static String tapweightVersion() {
        try (InputStream in = Provenance.class.getResourceAsStream("/org/tapweight/core/version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    public static Map<String, Object> environment() {
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("tapweight", tapweightVersion());
        env.put("java", System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")");
        env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        env.put("cores", Runtime.getRuntime().availableProcessors());
        env.put("ompNumThreads", System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"));
        env.put("nd4jBackend", Nd4j.getBackend().getClass().getName());
        Package nd4j = Nd4j.class.getPackage();
        env.put("nd4j", nd4j == null || nd4j.getImplementationVersion() == null ? "1.0.0-M2.1 (from the build)" : nd4j.getImplementationVersion());
        return env;
    }

    /**
     * SHA-256 of the config's JSON with {@code outerSteps}, {@code checkpointEvery}, {@code divergence} and {@code listeners} left out, so a
     * run may be resumed to a longer horizon but not with different settings. Every map's keys are
     * sorted first: settings maps built with {@code Map.of} iterate in an order that changes from one
     * JVM to the next, and a resumed run must see the fingerprint of the run that wrote the checkpoint.
     */
    public static String fingerprint(RunConfig config) {
        RunConfig c = config.copy();
        c.outerSteps = 0;
        c.checkpointEvery = 0;
        c.divergence = null; // decides when a run stops, never its numbers
        c.listeners = new java.util.ArrayList<>(); // they watch a run, never change it
        try {
            ObjectMapper sorted = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
            Object tree = sorted.readValue(c.toJson(), Object.class);
            return sha256(sorted.writeValueAsString(tree).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("config fingerprint: " + e.getMessage(), e);
        }
    }

    /**
     * What a run's numbers depend on besides its config: the task's data checksums and, when the run
     * starts from an encoder file, that file's SHA-256 (keyed by its path as configured).
     */
    public static Map<String, String> dataChecksums(Map<String, String> taskChecksums, RunConfig config) {
        Map<String, String> checksums = new LinkedHashMap<>(taskChecksums);
        if (config.initialEncoder != null) {
            java.nio.file.Path file = config.initialEncoderFile();
            try {
                checksums.put(config.initialEncoder, sha256(java.nio.file.Files.readAllBytes(file)));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(file + ": cannot read the initial encoder", e);
            }
        }
        return checksums;
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
