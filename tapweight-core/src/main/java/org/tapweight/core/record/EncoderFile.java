package org.tapweight.core.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tapweight.api.plugin.ConfigurationException;
import org.tapweight.core.config.PluginRef;

/**
 * A trained encoder on disk: a zip with {@code encoder.json} (the encoder plug-in and its settings,
 * the objective heads trained with it, provenance), {@code encoder.nd4j} (the encoder's flat
 * parameters) and one {@code heads/<k>.nd4j} per head. Loading checks that the run's encoder is the
 * one the file was trained as. Files written before heads were kept (no {@code heads} field) still
 * load, with no heads.
 */
public final class EncoderFile {

    /** 1: encoder only; 2: encoder and objective heads. */
    public static final int FORMAT = 2;
    private static final String META = "encoder.json";
    private static final String ENCODER = "encoder.nd4j";
    private static final ObjectMapper JSON = new ObjectMapper();

    private EncoderFile() {
    }

    /** A trained objective head: what it is and its parameters. */
    public record StoredHead(HeadIdentity identity, INDArray parameters) {
    }

    /** What a file holds: the encoder's parameters and the heads (none in files of format 1). */
    public record Contents(INDArray encoder, List<StoredHead> heads, int format) {
    }

    /** Writes an encoder without heads. */
    public static void save(Path file, PluginRef encoder, INDArray params, Map<String, Object> provenance) throws IOException {
        save(file, encoder, params, List.of(), provenance);
    }

    public static void save(Path file, PluginRef encoder, INDArray params, List<StoredHead> heads,
                            Map<String, Object> provenance) throws IOException {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("format", FORMAT);
        meta.put("encoder", encoder.id);
        meta.put("settings", encoder.settings);
        meta.put("parameters", params.length());
        List<Map<String, Object>> headMeta = new ArrayList<>();
        for (int k = 0; k < heads.size(); k++) {
            HeadIdentity id = heads.get(k).identity();
            if (heads.get(k).parameters().length() != id.parameters()) {
                throw new IllegalArgumentException("head '" + id.name() + "' has " + heads.get(k).parameters().length()
                        + " parameters but its identity says " + id.parameters());
            }
            Map<String, Object> h = new LinkedHashMap<>();
            h.put("objective", id.objective());
            h.put("name", id.name());
            h.put("settings", id.settings());
            h.put("signature", id.signature());
            h.put("parameters", id.parameters());
            h.put("entry", headEntry(k));
            headMeta.add(h);
        }
        meta.put("heads", headMeta);
        meta.put("provenance", provenance);
        AtomicFiles.write(file, out -> {
            try (ZipOutputStream zip = new ZipOutputStream(out)) {
                zip.putNextEntry(new ZipEntry(META));
                zip.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(meta));
                zip.closeEntry();
                ZipArrays.write(zip, ENCODER, params);
                for (int k = 0; k < heads.size(); k++) {
                    ZipArrays.write(zip, headEntry(k), heads.get(k).parameters());
                }
            }
        });
    }

    private static String headEntry(int k) {
        return "heads/" + k + ".nd4j";
    }

    /** The encoder's parameters, after checking that {@code expected} names the same encoder and settings. */
    public static INDArray load(Path file, PluginRef expected) {
        return read(file, expected).encoder();
    }

    /** The encoder and heads, after checking that {@code expected} names the same encoder and settings. */
    public static Contents read(Path file, PluginRef expected) {
        Map<String, byte[]> entries = ZipArrays.entries(file, "encoder file");
        if (!entries.containsKey(META) || !entries.containsKey(ENCODER)) {
            throw new ConfigurationException(file + ": not an encoder file (needs " + META + " and " + ENCODER + ")");
        }
        JsonNode meta;
        try {
            meta = JSON.readTree(entries.get(META));
        } catch (IOException e) {
            throw new ConfigurationException(file + ": entry '" + META + "' is not valid JSON: " + e.getMessage(), e);
        }
        checkEncoder(file, meta, expected);
        INDArray encoder = ZipArrays.read(file, "tapweight pretrain", ENCODER, "the encoder", entries.get(ENCODER), meta.path("parameters"));
        JsonNode heads = meta.path("heads");
        if (heads.isMissingNode() || heads.isNull()) {
            return new Contents(encoder, List.of(), meta.path("format").asInt(1));
        }
        if (!heads.isArray()) {
            throw new ConfigurationException(file + ": entry '" + META + "': field 'heads' must be a list");
        }
        List<StoredHead> out = new ArrayList<>();
        for (int k = 0; k < heads.size(); k++) {
            out.add(readHead(file, k, heads.get(k), entries));
        }
        return new Contents(encoder, List.copyOf(out), meta.path("format").asInt(FORMAT));
    }

    private static void checkEncoder(Path file, JsonNode meta, PluginRef expected) {
        String id = meta.path("encoder").asText();
        Map<?, ?> settings = asMap(file, meta.path("settings"), "settings");
        Map<?, ?> wanted = normalised(expected.settings);
        if (!id.equals(expected.id) || !settings.equals(wanted)) {
            throw new ConfigurationException(file + " holds encoder '" + id + "' with settings " + settings
                    + ", but the run's encoder is '" + expected.id + "' with settings " + wanted
                    + "; make the run's encoder settings match the file");
        }
    }

    private static StoredHead readHead(Path file, int k, JsonNode h, Map<String, byte[]> entries) {
        String field = "heads[" + k + "]";
        String objective = text(file, h, field, "objective");
        String name = h.hasNonNull("name") ? h.get("name").asText() : objective;
        String entry = text(file, h, field, "entry");
        JsonNode count = h.path("parameters");
        if (!count.canConvertToLong() || count.asLong() < 0) {
            throw new ConfigurationException(file + ": entry '" + META + "': field '" + field
                    + ".parameters' must be a whole number >= 0, got " + count);
        }
        Map<String, Object> settings = asMap(file, h.path("settings"), field + ".settings");
        Map<String, Object> signature = h.has("signature") ? asMap(file, h.path("signature"), field + ".signature") : Map.of();
        byte[] bytes = entries.get(entry);
        String what = "the head of objective '" + name + "'";
        if (bytes == null) {
            throw new ConfigurationException(file + ": entry '" + entry + "' (" + what + ") is missing");
        }
        INDArray params = ZipArrays.read(file, "tapweight pretrain", entry, what, bytes, count);
        return new StoredHead(new HeadIdentity(objective, name, settings, signature, count.asLong()), params);
    }

    private static String text(Path file, JsonNode node, String field, String name) {
        JsonNode v = node.path(name);
        if (!v.isTextual() || v.asText().isEmpty()) {
            throw new ConfigurationException(file + ": entry '" + META + "': field '" + field + "." + name
                    + "' is missing or not a string");
        }
        return v.asText();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Path file, JsonNode node, String field) {
        if (node.isMissingNode() || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw new ConfigurationException(file + ": entry '" + META + "': field '" + field + "' must be a map");
        }
        return JSON.convertValue(node, Map.class);
    }

    /** A settings map as it reads back from JSON (numbers and nesting normalised), for comparisons. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> normalised(Map<String, ?> settings) {
        try {
            return JSON.readValue(JSON.writeValueAsBytes(settings == null ? Map.of() : settings), Map.class);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
