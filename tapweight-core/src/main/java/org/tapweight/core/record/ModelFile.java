package org.tapweight.core.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tapweight.api.plugin.ConfigurationException;
import org.tapweight.core.config.PluginRef;

/**
 * A trained model on disk, what {@code tapweight predict} scores with: a zip with {@code model.json}
 * (the task and encoder plug-ins with their resolved settings, the task's predictor state — label
 * names, standardisation, input columns —, the metrics, where the parameters came from, provenance),
 * {@code encoder.nd4j} and {@code head.nd4j}. Written atomically by {@code run} and {@code finetune}.
 */
public final class ModelFile {

    public static final String FILE_NAME = "model.zip";
    public static final int FORMAT = 1;
    private static final String META = "model.json";
    private static final String ENCODER = "encoder.nd4j";
    private static final String HEAD = "head.nd4j";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ModelFile() {
    }

    /**
     * What a model file holds.
     *
     * @param predictor the task's predictor state ({@code Task#predictorState()})
     * @param about     metrics, source and provenance, as written
     */
    public record Contents(PluginRef task, PluginRef encoder, Map<String, Object> predictor, INDArray encoderParameters,
                           INDArray head, Map<String, Object> about) {
    }

    public static void save(Path file, Contents model) throws IOException {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("format", FORMAT);
        meta.put("task", Map.of("id", model.task().id, "settings", model.task().settings));
        meta.put("encoder", Map.of("id", model.encoder().id, "settings", model.encoder().settings));
        meta.put("encoderParameters", model.encoderParameters().length());
        meta.put("headParameters", model.head().length());
        meta.put("predictor", model.predictor());
        meta.put("about", model.about());
        AtomicFiles.write(file, out -> {
            try (ZipOutputStream zip = new ZipOutputStream(out)) {
                zip.putNextEntry(new ZipEntry(META));
                zip.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(meta));
                zip.closeEntry();
                ZipArrays.write(zip, ENCODER, model.encoderParameters());
                ZipArrays.write(zip, HEAD, model.head());
            }
        });
    }

    /** Reads a model file; a missing entry or field, or parameters of the wrong size, is an error naming it. */
    public static Contents read(Path file) {
        Map<String, byte[]> entries = ZipArrays.entries(file, "model file");
        for (String entry : new String[] {META, ENCODER, HEAD}) {
            if (!entries.containsKey(entry)) {
                throw new ConfigurationException(file + ": not a model file (it has no entry '" + entry + "'; model files are "
                        + "written by tapweight run and finetune as " + FILE_NAME + ")");
            }
        }
        JsonNode meta;
        try {
            meta = JSON.readTree(entries.get(META));
        } catch (IOException e) {
            throw new ConfigurationException(file + ": entry '" + META + "' is not valid JSON: " + e.getMessage(), e);
        }
        int format = meta.path("format").asInt(-1);
        if (format != FORMAT) {
            throw new ConfigurationException(file + ": model file format " + meta.path("format") + ", this version reads format "
                    + FORMAT);
        }
        PluginRef task = plugin(file, meta, "task");
        PluginRef encoder = plugin(file, meta, "encoder");
        String writer = "tapweight run or finetune";
        INDArray enc = ZipArrays.read(file, writer, ENCODER, "the encoder", entries.get(ENCODER), meta.path("encoderParameters"));
        INDArray head = ZipArrays.read(file, writer, HEAD, "the task head", entries.get(HEAD), meta.path("headParameters"));
        return new Contents(task, encoder, map(file, meta, "predictor"), enc, head, map(file, meta, "about"));
    }

    private static PluginRef plugin(Path file, JsonNode meta, String field) {
        JsonNode node = meta.path(field);
        if (!node.path("id").isTextual()) {
            throw new ConfigurationException(file + ": entry '" + META + "': field '" + field + ".id' is missing or not a string");
        }
        PluginRef ref = PluginRef.of(node.path("id").asText());
        JsonNode settings = node.path("settings");
        if (settings.isObject()) {
            ref.settings = new LinkedHashMap<>(map(file, node, "settings"));
        }
        return ref;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Path file, JsonNode node, String field) {
        JsonNode v = node.path(field);
        if (!v.isObject()) {
            throw new ConfigurationException(file + ": entry '" + META + "': field '" + field + "' is missing or not a map");
        }
        return JSON.convertValue(v, Map.class);
    }
}
