package org.tapweight.spark;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.apache.spark.SparkJobInfo;
import org.apache.spark.SparkStageInfo;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.tapweight.api.plugin.ConfigurationException;
import org.tapweight.bench.harness.BenchConfig;
import org.tapweight.bench.harness.BenchResults;
import org.tapweight.bench.harness.BenchRunner;

/**
 * A bench grid on Spark: one task per cell, run on the executors by {@link CellTask}; the driver checks
 * the bench, claims the output folder exactly as {@code tapweight bench} does, waits for the cells, and
 * writes results.csv, results.md, results.html and the plots with the local bench's own code. Running it
 * again skips finished cells and resumes interrupted ones, as the local bench does.
 */
public final class SparkBench {

    /**
     * What a Spark bench did: each cell's outcome, the results table, and the local folder the reports were
     * written in: the output folder itself when it is a local path, else a temporary copy (the caller's to delete).
     */
    public record Result(List<CellOutcome> outcomes, String markdown, Path reportFolder, boolean reportFolderIsTemporary) {
    }

    private static final String SNAPSHOT = "bench-config.json";

    private SparkBench() {
    }

    /**
     * Runs the bench's unfinished cells on {@code spark} and writes its results.
     *
     * @param outUri   the bench folder every executor can reach (a path, {@code file:}, {@code hdfs:} ...)
     * @param plugins  the driver's plug-in class loader (executors use their task's context class loader,
     *                 which holds the jars given to {@code spark-submit --jars})
     * @param failOnce the fault test's cell ({@code task/method/seed}) or null: see {@link BenchJob}
     */
    public static Result run(JavaSparkContext spark, BenchConfig bench, String outUri, ClassLoader plugins, String failOnce,
                             PrintStream log) {
        if (spark.getConf().getBoolean("spark.speculation", false)) {
            throw new ConfigurationException("spark.speculation is on: two attempts of one cell would write the same folder at once;"
                    + " a bench needs it off (Spark's default)");
        }
        Map<String, String> hadoop = new LinkedHashMap<>();
        spark.hadoopConfiguration().forEach(e -> hadoop.put(e.getKey(), e.getValue()));
        CellStore store = CellStore.open(outUri, hadoop);
        Path reports = store.localRoot() != null ? store.localRoot() : temporaryFolder();
        BenchRunner driverSide = new BenchRunner(bench, reports, plugins);
        if (store.localRoot() == null) {
            store.pullBenchFile(SNAPSHOT, reports); // the folder's claim, checked and rewritten here, then put back
            driverSide.prepare();
            store.pushBenchFile(reports, SNAPSHOT);
        } else {
            driverSide.prepare();
        }
        List<CellSpec> cells = driverSide.cells().stream().map(CellSpec::of).toList();
        BenchJob job = new BenchJob(BenchJob.toJson(bench), bench.configFolder.toString(), driverSide.baseConfigJson(),
                store.uri(), hadoop, failOnce);
        log.printf("%d cells on %s, output %s%n", cells.size(), spark.master(), store.uri());
        List<CellOutcome> outcomes = await(spark, spark.parallelize(cells, cells.size()).map(new CellTask(job)).collectAsync(),
                cells.size(), log);
        for (CellOutcome o : outcomes) {
            log.printf("  %s: %s%s%n", o.cell().label(), o.status().name().toLowerCase(java.util.Locale.ROOT),
                    o.status() == CellOutcome.Status.SKIPPED ? ""
                            : String.format(java.util.Locale.ROOT, " on %s in %.0f s (attempt %d%s)", o.host(), o.seconds(),
                                    o.attempt(), o.resumed() ? ", resumed from a checkpoint" : ""));
        }
        List<CellSpec> missing = cells.stream().filter(c -> !store.finished(c)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException(missing.size() + " cells finished on their executors but are not finished at " + store.uri()
                    + " (the first: " + missing.get(0).label() + "): every executor must write to the same location;"
                    + " give --out a shared path or an hdfs:/s3a: URI");
        }
        if (store.localRoot() == null) {
            store.finishedCells().forEach(c -> store.pullFinished(c, reports.resolve(c.relativeDir())));
        }
        String md = BenchResults.write(reports, BenchResults.collect(reports), driverSide.methodOrder());
        if (store.localRoot() == null) {
            pushReports(store, reports);
        }
        return new Result(outcomes, md, reports, store.localRoot() == null);
    }

    /** Waits for the cells, printing how many are done whenever that changes. */
    private static List<CellOutcome> await(JavaSparkContext spark, JavaFutureAction<List<CellOutcome>> future, int total,
                                           PrintStream log) {
        int shown = -1;
        try {
            while (!future.isDone()) {
                int done = completedTasks(spark, future);
                if (done != shown) {
                    log.printf("[%d/%d] cells done%n", done, total);
                    shown = done;
                }
                Thread.sleep(2000);
            }
            return future.get();
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted; the bench resumes where it stopped", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the Spark job failed (finished cells are kept; run again to resume): "
                    + e.getCause().getMessage(), e.getCause());
        }
    }

    private static int completedTasks(JavaSparkContext spark, JavaFutureAction<?> future) {
        int done = 0;
        for (int jobId : future.jobIds()) {
            SparkJobInfo info = spark.statusTracker().getJobInfo(jobId);
            for (int stage : info == null ? new int[0] : info.stageIds()) {
                SparkStageInfo s = spark.statusTracker().getStageInfo(stage);
                done += s == null ? 0 : s.numCompletedTasks();
            }
        }
        return done;
    }

    private static void pushReports(CellStore store, Path reports) {
        try (Stream<Path> files = Files.walk(reports)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String relative = reports.relativize(f).toString().replace('\\', '/');
                if (!relative.startsWith("cells/")) {
                    store.pushBenchFile(reports, relative);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path temporaryFolder() {
        try {
            return Files.createTempDirectory("tapweight-spark-bench-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
