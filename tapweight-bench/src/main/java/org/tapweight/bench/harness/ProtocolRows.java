package org.tapweight.bench.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.tapweight.bench.harness.BenchResults.Row;

/**
 * The cells' results under each extra finetuning protocol ({@code finetune.extraProtocols}: a
 * frozen-encoder probe, a short finetuning), read from the {@code protocols} of each cell's
 * results.json, as rows of their own so that every protocol gets its own tables. A protocol that
 * could not give a result in a cell is an undefined value there, left out of means and pairs.
 */
final class ProtocolRows {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ProtocolRows() {
    }

    /** Protocol name to its rows, protocols in the order first met. */
    static Map<String, List<Row>> of(List<Row> rows) {
        Map<String, List<Row>> out = new LinkedHashMap<>();
        for (Row r : rows) {
            if (r.failed()) {
                continue;
            }
            Path results = r.dir().resolve(org.tapweight.core.run.RunDriver.RESULTS_FILE);
            if (!Files.isRegularFile(results)) {
                continue;
            }
            JsonNode protocols;
            try {
                protocols = JSON.readTree(results.toFile()).path("protocols");
            } catch (IOException e) {
                throw new UncheckedIOException(results + ": cannot read", e);
            }
            protocols.fields().forEachRemaining(p -> out.computeIfAbsent(p.getKey(), k -> new ArrayList<>()).add(row(r, p.getValue())));
        }
        return out;
    }

    private static Row row(Row main, JsonNode p) {
        Map<String, Double> test = new TreeMap<>();
        p.path("test").fields().forEachRemaining(e -> test.put(e.getKey(), e.getValue().asDouble(Double.NaN)));
        double primary = p.path("test").path(main.metric()).asDouble(Double.NaN);
        double validation = p.path("validation").path(main.metric()).asDouble(Double.NaN);
        return new Row(main.task(), main.method(), main.seed(), main.metric(), main.higherIsBetter(), primary, validation, test,
                p.path("bestEpoch").asInt(0), main.steps(), main.seconds(), main.objectives(), main.weights(), main.dir(), null);
    }
}
