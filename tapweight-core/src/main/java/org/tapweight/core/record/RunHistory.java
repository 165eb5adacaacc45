package org.tapweight.core.record;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tapweight.core.engine.StepResult;

/**
 * A run record read back with types: the schema version, the start event, the steps as
 * {@link StepResult}s (the type the engine wrote them from) and the end event. Reads schema 1 and 2;
 * a record of a newer schema is refused with a message naming both versions. A step field that an
 * older record lacks reads as NaN (a number) or 0 (a count).
 *
 * @param start the start event (null for a record without one)
 * @param end   the end event (null while the run is unfinished)
 */
public record RunHistory(Path file, int schema, JsonNode start, List<StepResult> steps, JsonNode end) {

    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES); // "type" and "time" are the event's, not the step's

    public static RunHistory read(Path file) {
        List<JsonNode> events;
        try {
            events = RunRecord.read(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the run record " + file, e);
        }
        JsonNode start = null;
        JsonNode end = null;
        List<StepResult> steps = new ArrayList<>();
        for (JsonNode e : events) {
            switch (e.path("type").asText()) {
                case "start" -> start = e;
                case "end" -> end = e;
                case "step" -> {
                    try {
                        steps.add(JSON.treeToValue(withAbsentAsNaN(e), StepResult.class));
                    } catch (IOException ex) {
                        throw new UncheckedIOException(file + ": step " + e.path("step").asText() + " is not a step event", ex);
                    }
                }
                default -> {
                }
            }
        }
        int schema = start == null ? RecordSchema.VERSION : start.path("schema").asInt(1);
        if (schema > RecordSchema.VERSION) {
            throw new IllegalArgumentException(file + " is a schema-" + schema + " record; this build reads schemas 1 to "
                    + RecordSchema.VERSION + ": use a newer tapweight");
        }
        return new RunHistory(file, schema, start, List.copyOf(steps), end);
    }

    /** A step field an older record lacks reads as NaN (not computed), not as 0. */
    private static JsonNode withAbsentAsNaN(JsonNode step) {
        com.fasterxml.jackson.databind.node.ObjectNode copy = step.deepCopy();
        for (java.lang.reflect.RecordComponent c : StepResult.class.getRecordComponents()) {
            if (c.getType() == double.class && !copy.has(c.getName())) {
                copy.put(c.getName(), "NaN");
            }
        }
        return copy;
    }
}
