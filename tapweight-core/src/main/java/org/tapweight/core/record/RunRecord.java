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
            throw new IOException(file + " exists: resume the run (--resume), or choose another output folder");
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        return new RunRecord(file);
    }

    /**
     * Reopens a record for a run resumed at {@code fromStep}, so that it stays true: step and error
     * events at or after it are removed (those steps will be run again), and so are the final events ({@code finetune},
     * {@code end}) of an earlier finish, which a resumed or extended run replaces. Then the
     * {@code resume} event is written with {@code resumeFields} (the settings the run goes on with).
     * A record that lost its start event (the file was deleted) gets {@code startFields} first, marked
     * as written at the resume, so that no reader meets a record without a start.
     */
    @SuppressWarnings("unchecked")
    public static RunRecord resume(Path file, int fromStep, Object startFields, Map<String, Object> resumeFields)
            throws IOException {
        List<String> kept = new ArrayList<>();
        boolean hasStart = false;
        if (Files.exists(file)) {
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
                String type = node.path("type").asText();
                boolean redone = ("step".equals(type) || "error".equals(type)) && node.path("step").asInt() >= fromStep;
                if (redone || STALE_ON_RESUME.contains(type)) {
                    continue;
                }
                hasStart |= "start".equals(type);
                kept.add(line);
            }
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        AtomicFiles.writeString(file, kept.isEmpty() ? "" : String.join("\n", kept) + "\n");
        RunRecord r = new RunRecord(file);
        if (!hasStart) {
            Map<String, Object> start = JSON.convertValue(startFields, LinkedHashMap.class);
            start.put("recordRecreated", "the record had no start event at the resume from step " + fromStep
                    + " (deleted?); steps before " + fromStep + " are not in it");
            r.write("start", start);
        }
        Map<String, Object> resume = new LinkedHashMap<>();
        resume.put("fromStep", fromStep);
        resume.putAll(resumeFields);
        r.write("resume", resume);
        return r;
    }

    /** Events of a finished run that a resumed or extended run writes again. */
    private static final java.util.Set<String> STALE_ON_RESUME = java.util.Set.of("finetune", "end");

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
