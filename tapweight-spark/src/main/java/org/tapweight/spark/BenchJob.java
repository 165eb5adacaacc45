package org.tapweight.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import org.tapweight.bench.harness.BenchConfig;

/**
 * Everything a cell task needs to rebuild the bench on an executor: the bench (as JSON, with its
 * overrides), the folder its relative paths start from, the base run config as the driver read it (an
 * executor that reads another one refuses to run), the output location, the driver's Hadoop settings,
 * and an optional fault for the fault test.
 *
 * @param failOnce {@code task/method/seed} of a cell whose first attempt throws right after it has pushed
 *                 its first checkpoint, or {@code task/method/seed@finetune}: right after it has pushed the
 *                 run's final checkpoint in the final finetuning (the fault tests' injected failures); null for none
 */
public record BenchJob(String benchJson, String configFolder, String baseJson, String outUri,
                       Map<String, String> hadoopSettings, String failOnce) implements Serializable {

    private static final ObjectMapper JSON = new ObjectMapper();

    static String toJson(BenchConfig bench) {
        try {
            return JSON.writeValueAsString(bench);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    BenchConfig bench() {
        try {
            BenchConfig b = JSON.readValue(benchJson, BenchConfig.class);
            b.configFolder = Path.of(configFolder);
            return b;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The test fault falls on this cell during its outer steps. */
    boolean failsOnce(CellSpec cell) {
        return faultKey(cell).equals(failOnce);
    }

    /** The test fault falls on this cell during its final finetuning ({@code task/method/seed@finetune}). */
    boolean failsOnceInFinetuning(CellSpec cell) {
        return (faultKey(cell) + "@finetune").equals(failOnce);
    }

    private static String faultKey(CellSpec cell) {
        return cell.task() + "/" + cell.method() + "/" + cell.seed();
    }
}
