package org.tapweight.core.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import org.tapweight.core.config.PluginRef;

/**
 * A trained encoder on disk: a zip with {@code encoder.json} (the encoder plug-in and its settings,
 * plus provenance) and {@code encoder.nd4j} (the flat parameters). Loading checks that the run's
 * encoder is the one the file was trained as.
 */
public final class EncoderFile {

    private static final ObjectMapper JSON = new ObjectMapper();

    private EncoderFile() {
    }

    public static void save(Path file, PluginRef encoder, INDArray params, Map<String, Object> provenance) throws IOException {
        Map<String, Object> meta = new java.util.LinkedHashMap<>();
        meta.put("encoder", encoder.id);
        meta.put("settings", encoder.settings);
        meta.put("parameters", params.length());
        meta.put("provenance", provenance);
        AtomicFiles.write(file, out -> {
            try (ZipOutputStream zip = new ZipOutputStream(out)) {
                zip.putNextEntry(new ZipEntry("encoder.json"));
                zip.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(meta));
                zip.closeEntry();
                zip.putNextEntry(new ZipEntry("encoder.nd4j"));
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                try (DataOutputStream data = new DataOutputStream(bytes)) {
                    Nd4j.write(params.dup(), data);
                }
                zip.write(bytes.toByteArray());
                zip.closeEntry();
            }
        });
    }

    /** The parameters, after checking that {@code expected} names the same encoder and settings. */
    public static INDArray load(Path file, PluginRef expected) {
        Map<String, byte[]> entries = new HashMap<>();
        try (InputStream in = Files.newInputStream(file); ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                entries.put(e.getName(), zip.readAllBytes());
            }
            if (!entries.containsKey("encoder.json") || !entries.containsKey("encoder.nd4j")) {
                throw new ConfigurationException(file + ": not an encoder file (needs encoder.json and encoder.nd4j)");
            }
            JsonNode meta = JSON.readTree(entries.get("encoder.json"));
            String id = meta.path("encoder").asText();
            Map<?, ?> settings = JSON.treeToValue(meta.path("settings"), Map.class);
            Map<?, ?> wanted = JSON.readValue(JSON.writeValueAsBytes(expected.settings), Map.class);
            if (!id.equals(expected.id) || !settings.equals(wanted)) {
                throw new ConfigurationException(file + " holds encoder '" + id + "' with settings " + settings
                        + ", but the run's encoder is '" + expected.id + "' with settings " + wanted
                        + "; make the run's encoder settings match the file");
            }
            try (DataInputStream data = new DataInputStream(new ByteArrayInputStream(entries.get("encoder.nd4j")))) {
                return Nd4j.read(data);
            }
        } catch (IOException e) {
            throw new ConfigurationException(file + ": cannot read the encoder file: " + e.getMessage(), e);
        }
    }
}
