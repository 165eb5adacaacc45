package org.tapweight.spark;

import java.io.Serializable;
import org.tapweight.bench.harness.BenchRunner;

/** One cell of the grid as a Spark task sees it: names only, no local paths (they differ per machine). */
public record CellSpec(String task, String method, long seed) implements Serializable {

    static CellSpec of(BenchRunner.Cell cell) {
        return new CellSpec(cell.task(), cell.method().name(), cell.seed());
    }

    /** The cell's folder below the bench folder: {@code cells/<task>/<method>/seed-<n>}, as the local bench lays it out. */
    String relativeDir() {
        return BenchRunner.cellFolder(task, method, seed);
    }

    boolean matches(BenchRunner.Cell cell) {
        return cell.task().equals(task) && cell.method().name().equals(method) && cell.seed() == seed;
    }

    String label() {
        return task + " / " + method + " / seed " + seed;
    }
}
