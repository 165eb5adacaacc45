package org.tapweight.core.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run's record as JSON lines, one event a line: {@code start} (config, seeds, versions, data
 * checksums, plug-ins), {@code step} (losses, weights, hypergradient, cost, timings), {@code resume},
 * {@code error} and {@code end} (final metrics). Each line is flushed as written; on resume the
 * steps after the checkpoint are cut off (by an atomic rewrite) so that every step appears once.
 */
public final class RunRecord implements Closeable {

    public static final String FILE_NAME = "run-record.jsonl";
    // NaN and infinities are written as the strings "NaN", "Infinity" (Jackson's default).
    static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT);

    private final Path file;
    private final BufferedWriter out;

    private RunRecord(Path file) throws IOException {
        this.file = file;
        this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** Starts a new record; an existing one is an error, so no record is silently overwritten. */
    public static RunRecord create(Path file) throws IOException {
        if (Files.exists(file)) {
            throw new IOException(file + " exists: resume the run, or choose another output folder");
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        return new RunRecord(file);
    }

    /** Reopens a record for a run resumed at {@code fromStep}: step events at or after it are removed. */
    public static RunRecord resume(Path file, int fromStep) throws IOException {
        if (Files.exists(file)) {
            List<String> kept = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node;
                try {
                    node = JSON.readTree(line);
                } catch (IOException e) {
                    continue; // a line torn by the interruption
                }
                if ("step".equals(node.path("type").asText()) && node.path("step").asInt() >= fromStep) {
                    continue;
                }
                if ("end".equals(node.path("type").asText())) {
                    continue;
                }
                kept.add(line);
            }
            AtomicFiles.writeString(file, kept.isEmpty() ? "" : String.join("\n", kept) + "\n");
        }
        RunRecord r = new RunRecord(file);
        r.write("resume", Map.of("fromStep", fromStep));
        return r;
    }

    /** Appends one event; {@code fields} are serialised with Jackson (records, arrays and maps welcome). */
    public synchronized void write(String type, Object fields) throws IOException {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", type);
        event.put("time", java.time.Instant.now().toString());
        JsonNode body = JSON.valueToTree(fields);
        body.fields().forEachRemaining(e -> event.put(e.getKey(), e.getValue()));
        out.write(JSON.writeValueAsString(event));
        out.newLine();
        out.flush();
    }

    public Path file() {
        return file;
    }

    /** Reads every event of a record, for reports and tests. */
    public static List<JsonNode> read(Path file) throws IOException {
        List<JsonNode> events = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                events.add(JSON.readTree(line));
            }
        }
        return events;
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
