package org.tapweight.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.spark.TaskContext;
import org.apache.spark.TaskKilledException;
import org.apache.spark.api.java.function.Function;
import org.tapweight.bench.harness.BenchConfig;
import org.tapweight.bench.harness.BenchRunner;
import org.tapweight.core.config.RunConfig;
import org.tapweight.core.engine.StepResult;
import org.tapweight.core.record.Checkpoint;
import org.tapweight.core.run.RunDriver;

/**
 * One cell as a Spark task, on an executor: copy down what earlier attempts left of the cell, run it in a
 * local scratch folder with the local bench's own {@link BenchRunner#runCell} (so it resumes from a
 * checkpoint exactly as a local bench does), copy each new checkpoint up as it is written, and copy the
 * finished cell up at the end. A cell already finished on the output location is not touched.
 */
final class CellTask implements Function<CellSpec, CellOutcome> {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CellTask.class);

    private final BenchJob job;

    CellTask(BenchJob job) {
        this.job = job;
    }

    @Override
    public CellOutcome call(CellSpec spec) throws IOException {
        long start = System.nanoTime();
        TaskContext context = TaskContext.get();
        int attempt = context == null ? 0 : context.attemptNumber();
        String host = java.net.InetAddress.getLocalHost().getHostName()
                + (org.apache.spark.SparkEnv.get() == null ? "" : " executor " + org.apache.spark.SparkEnv.get().executorId());
        CellStore store = CellStore.open(job.outUri(), job.hadoopSettings());
        if (store.finished(spec)) {
            return new CellOutcome(spec, CellOutcome.Status.SKIPPED, attempt, false, host, 0);
        }
        BenchConfig bench = job.bench();
        Path scratch = Files.createTempDirectory("tapweight-cell-");
        try {
            BenchRunner runner = new BenchRunner(bench, scratch, Thread.currentThread().getContextClassLoader());
            BenchRunner.Cell cell = runner.cells().stream().filter(spec::matches).findFirst()
                    .orElseThrow(() -> new IllegalStateException("the bench on this executor has no cell " + spec.label()));
            if (!runner.baseConfigJson().equals(job.baseJson())) {
                throw new IllegalStateException("the executor on " + host + " reads another base config (" + bench.baseFile()
                        + ") than the driver did: every machine must see the same bench files");
            }
            store.pull(spec, cell.dir());
            Uploader uploader = new Uploader(spec, store, cell.dir(), attempt, context);
            runner.runCell(cell, 0, 1, uploader);
            store.pushFinished(spec, cell.dir());
            return new CellOutcome(spec, uploader.diverged ? CellOutcome.Status.DIVERGED : CellOutcome.Status.FINISHED,
                    attempt, uploader.resumed, host, (System.nanoTime() - start) / 1e9);
        } finally {
            deleteTree(scratch);
        }
    }

    /** Copies each new checkpoint up, logs the cell's progress, and throws the test's fault. */
    private final class Uploader implements BenchRunner.Listener {
        private final CellSpec spec;
        private final CellStore store;
        private final Path dir;
        private final int attempt;
        private final TaskContext context;
        private Object pushed; // the checkpoint file last pushed (or pulled): its inode and modification time
        private boolean resumed;
        private boolean diverged;

        Uploader(CellSpec spec, CellStore store, Path dir, int attempt, TaskContext context) {
            this.spec = spec;
            this.store = store;
            this.dir = dir;
            this.attempt = attempt;
            this.context = context;
            this.pushed = identity(dir.resolve(Checkpoint.FILE_NAME));
        }

        /** Changes with every checkpoint kept: each is a new file moved into place (a new inode), whatever the clock's resolution. */
        private static Object identity(Path file) {
            try {
                if (!Files.exists(file)) {
                    return null;
                }
                BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
                return java.util.List.of(String.valueOf(a.fileKey()), a.lastModifiedTime());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void cellStarting(BenchRunner.Cell cell, int index, int total, RunConfig config, boolean resuming) {
            resumed = resuming;
            LOG.info("cell {} {} (attempt {})", spec.label(), resuming ? "resuming from its checkpoint" : "starting", attempt);
        }

        @Override
        public void step(BenchRunner.Cell cell, StepResult step) {
            if (context != null && context.isInterrupted()) {
                // Spark killed this task (its job failed or was cancelled): stop before writing anything more
                throw new TaskKilledException("the task of " + spec.label() + " was killed");
            }
            if (pushIfNew() && attempt == 0 && job.failsOnce(spec)) {
                throw new InjectedFault("injected fault in " + spec.label() + " after step " + (step.step() + 1)
                        + " (the fault test's failing first attempt)");
            }
        }

        /** The run's final checkpoint (all outer steps) goes up once the final finetuning is under way. */
        @Override
        public void finetuneEpoch(BenchRunner.Cell cell, int epoch, int epochs) {
            if (epoch == 1 && pushIfNew() && attempt == 0 && job.failsOnceInFinetuning(spec)) {
                throw new InjectedFault("injected fault in " + spec.label() + " in its final finetuning"
                        + " (the fault test's failing first attempt)");
            }
        }

        private boolean pushIfNew() {
            Object written = identity(dir.resolve(Checkpoint.FILE_NAME));
            if (written == null || written.equals(pushed)) {
                return false;
            }
            store.pushCheckpoint(spec, dir);
            pushed = written;
            return true;
        }

        @Override
        public void cellFinished(BenchRunner.Cell cell, RunDriver.Summary summary) {
            LOG.info("cell {} finished after {} steps", spec.label(), summary.steps());
        }

        @Override
        public void cellFailed(BenchRunner.Cell cell, String message) {
            diverged = true;
        }
    }

    /** The failure the fault test injects into a cell's first attempt. */
    static final class InjectedFault extends RuntimeException {
        InjectedFault(String message) {
            super(message);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
