package org.tapweight.bench.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.tapweight.api.plugin.ConfigurationException;
import org.tapweight.core.config.PluginRef;
import org.tapweight.core.config.RunConfig;
import org.tapweight.core.engine.TriLevelEngine;
import org.tapweight.core.record.AtomicFiles;
import org.tapweight.core.record.Checkpoint;
import org.tapweight.core.run.RunDriver;
import org.tapweight.core.wiring.TapWeightModule;

/**
 * Runs a grid of cells (task x method x seed), each in its own folder under {@code cells/}. A cell
 * with a {@code results.json} is finished and skipped; one with a checkpoint is resumed; any other
 * leftover of an interrupted cell is cleared and the cell starts again. So running the same bench
 * twice finishes the grid without recomputing anything.
 */
public final class BenchRunner {

    /** Written instead of results.json when a cell's run diverges; the bench goes on and reports it. */
    public static final String FAILED_FILE = "failed.json";

    /** One run of the grid. */
    public record Cell(String task, Method method, long seed, Path dir) {

        /** Finished with results, or finished by diverging (then {@code failed.json} says where). */
        public boolean finished() {
            return Files.exists(dir.resolve(RunDriver.RESULTS_FILE)) || Files.exists(dir.resolve(FAILED_FILE));
        }

        public String label() {
            return task + " / " + method.name() + " / seed " + seed;
        }
    }

    /** Hears about cells starting and ending, and about each outer step; every method does nothing unless overridden. */
    public interface Listener {
        default void cellStarting(Cell cell, int index, int total, RunConfig config, boolean resuming) {
        }

        default void step(Cell cell, org.tapweight.core.engine.StepResult step) {
        }

        default void cellFinished(Cell cell, RunDriver.Summary summary) {
        }

        default void cellSkipped(Cell cell) {
        }

        /** An epoch of the cell's final finetuning finished. */
        default void finetuneEpoch(Cell cell, int epoch, int epochs) {
        }

        /** The cell's run diverged (a NaN loss or hypergradient); it counts as finished and is reported. */
        default void cellFailed(Cell cell, String message) {
        }
    }

    private final BenchConfig bench;
    private final RunConfig base;
    private final Path dir;
    private final ClassLoader plugins;
    private final Map<String, RunConfig> variantBases = new java.util.concurrent.ConcurrentHashMap<>();

    public BenchRunner(BenchConfig bench, Path dir, ClassLoader plugins) {
        this.bench = bench;
        this.base = RunConfig.read(bench.baseFile(), bench.overrides);
        this.dir = dir;
        this.plugins = plugins;
    }

    public Path dir() {
        return dir;
    }

    /** The base run config with the bench's overrides, as JSON: what every cell starts from. */
    public String baseConfigJson() {
        return base.toJson();
    }

    public List<Cell> cells() {
        List<String> objectiveNames = base.objectives.stream().map(PluginRef::displayName).toList();
        List<Method> methods = new ArrayList<>();
        for (String m : bench.methods) {
            if (m.equals("all")) {
                methods.addAll(Method.all(objectiveNames));
            } else {
                methods.add(new Method(m));
            }
        }
        List<Cell> cells = new ArrayList<>();
        for (String task : bench.tasks) {
            for (Method m : methods) {
                for (long seed : bench.seeds) {
                    cells.add(new Cell(task, m, seed, dir.resolve(cellFolder(task, m.name(), seed))));
                }
            }
        }
        return cells;
    }

    /** A cell's folder below the bench folder: {@code cells/<task>/<method>/seed-<n>}. */
    public static String cellFolder(String task, String method, long seed) {
        return "cells/" + task + "/" + method + "/seed-" + seed;
    }

    /** The cell's run config; a {@code <method>@<variant>} cell's starts from the base with the variant's overrides too. */
    public RunConfig config(Cell cell) {
        String name = cell.method().name();
        int at = name.indexOf('@');
        if (at < 0) {
            return cell.method().configure(base, bench.taskSetting, cell.task(), cell.seed(), bench.strategies);
        }
        RunConfig variantBase = variantBases.computeIfAbsent(name.substring(at + 1), v -> {
            Map<String, String> overrides = new java.util.LinkedHashMap<>(bench.overrides);
            overrides.putAll(bench.variants.get(v));
            return RunConfig.read(bench.baseFile(), overrides);
        });
        RunConfig c = new Method(name.substring(0, at)).configure(variantBase, bench.taskSetting, cell.task(), cell.seed(),
                bench.strategies);
        c.name = cell.task() + "-" + name + "-seed" + cell.seed();
        return c.validate();
    }

    /** Runs every unfinished cell, in order. Refuses a folder that holds a different bench. */
    public void run(Listener listener) {
        run(listener, 1);
    }

    /**
     * Runs every unfinished cell with {@code parallelism} cells at a time (each single-threaded, so
     * 2 suits a 2-core machine; results do not depend on it). The listener is called from the worker
     * threads, one call at a time.
     */
    public void run(Listener listener, int parallelism) {
        List<Cell> cells = cells();
        prepare();
        Listener serial = synchronizedListener(listener);
        if (parallelism <= 1) {
            for (int i = 0; i < cells.size(); i++) {
                runCell(cells.get(i), i, cells.size(), serial);
            }
            return;
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(parallelism);
        try {
            List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < cells.size(); i++) {
                int index = i;
                futures.add(pool.submit(() -> runCell(cells.get(index), index, cells.size(), serial)));
            }
            for (java.util.concurrent.Future<?> f : futures) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    pool.shutdownNow();
                    if (e.getCause() instanceof RuntimeException r) {
                        throw r;
                    }
                    throw new IllegalStateException(e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    pool.shutdownNow();
                    throw new IllegalStateException("interrupted", e);
                }
            }
        } finally {
            pool.shutdown();
        }
    }

    /**
     * Checks every cell's config and claims the folder for this bench (refusing one that holds another);
     * {@link #run} does it first, a runner that distributes the cells itself calls it before it does.
     */
    public void prepare() {
        for (Cell c : cells()) {
            config(c); // every cell's config is valid before any runs
        }
        guardFolder();
    }

    /** The grid's methods in the order the bench names them: the rows' order in every table. */
    public List<String> methodOrder() {
        List<String> order = new ArrayList<>();
        for (Cell c : cells()) {
            if (!order.contains(c.method().name())) {
                order.add(c.method().name());
            }
        }
        return order;
    }

    private static Listener synchronizedListener(Listener l) {
        return new Listener() {
            @Override
            public synchronized void cellStarting(Cell cell, int index, int total, RunConfig config, boolean resuming) {
                l.cellStarting(cell, index, total, config, resuming);
            }

            @Override
            public synchronized void step(Cell cell, org.tapweight.core.engine.StepResult step) {
                l.step(cell, step);
            }

            @Override
            public synchronized void cellFinished(Cell cell, RunDriver.Summary summary) {
                l.cellFinished(cell, summary);
            }

            @Override
            public synchronized void cellSkipped(Cell cell) {
                l.cellSkipped(cell);
            }

            @Override
            public synchronized void cellFailed(Cell cell, String message) {
                l.cellFailed(cell, message);
            }

            @Override
            public synchronized void finetuneEpoch(Cell cell, int epoch, int epochs) {
                l.finetuneEpoch(cell, epoch, epochs);
            }
        };
    }

    /**
     * Runs one cell in its folder: skipped when finished, resumed from its checkpoint when it has one,
     * else started afresh. The listener hears about it on the calling thread.
     */
    public void runCell(Cell cell, int i, int total, Listener listener) {
        {
            if (cell.finished()) {
                listener.cellSkipped(cell);
                return;
            }
            boolean resuming = Files.exists(cell.dir().resolve(Checkpoint.FILE_NAME));
            if (!resuming) {
                clear(cell.dir());
            }
            RunConfig config = config(cell);
            if (config.dataType.equals("double")) {
                Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
            }
            listener.cellStarting(cell, i, total, config, resuming);
            RunDriver driver = TapWeightModule.driver(config, cell.dir(), plugins);
            driver.setModelExport(null); // a bench compares methods: its cells keep no model file (a cell's model is one tapweight run away)
            TriLevelEngine.StepListener steps = (r, e) -> listener.step(cell, r);
            driver.setFinetuneProgress(epoch -> listener.finetuneEpoch(cell, epoch,
                    config.finetune.epochs * config.finetune.seedsOrDefault()));
            RunDriver.Summary s;
            try {
                s = driver.run(resuming, steps, -1);
            } catch (org.tapweight.core.engine.DivergenceException e) {
                try {
                    AtomicFiles.writeString(cell.dir().resolve(FAILED_FILE), toJson(java.util.Map.of("step", e.step(),
                            "message", e.getMessage())) + "\n");
                } catch (IOException io) {
                    throw new UncheckedIOException(io);
                }
                listener.cellFailed(cell, e.getMessage());
                return;
            }
            listener.cellFinished(cell, s);
        }
    }

    /**
     * Refuses a folder that holds another bench: one whose base config, overrides, strategy settings,
     * variants or task setting differ, since its finished cells would not be this bench's. The grid
     * itself (tasks, methods, seeds, name) may grow or shrink: finished cells are kept and skipped,
     * new ones run, and the snapshot is rewritten to the grid now run.
     */
    private void guardFolder() {
        Path snapshot = dir.resolve("bench-config.json");
        String current = "{\"bench\": " + toJson(bench) + ",\n\"base\": " + base.toJson() + "}\n";
        try {
            if (Files.exists(snapshot)) {
                String saved = Files.readString(snapshot);
                if (saved.equals(current)) {
                    return;
                }
                if (!withoutGrid(saved).equals(withoutGrid(current))) {
                    throw new ConfigurationException(dir + " holds results of a different bench (see its bench-config.json): "
                            + "only tasks, methods and seeds may change in a bench folder; use another --out folder, or delete that one");
                }
            }
            AtomicFiles.writeString(snapshot, current);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A snapshot's JSON without the bench's grid (name, tasks, methods, seeds). */
    private com.fasterxml.jackson.databind.JsonNode withoutGrid(String snapshot) throws IOException {
        com.fasterxml.jackson.databind.JsonNode tree = new com.fasterxml.jackson.databind.ObjectMapper().readTree(snapshot);
        if (!tree.path("bench").isObject()) {
            throw new ConfigurationException(dir.resolve("bench-config.json") + " is damaged (no 'bench' object): "
                    + "restore it, or delete it to let this bench claim the folder");
        }
        com.fasterxml.jackson.databind.node.ObjectNode bench = (com.fasterxml.jackson.databind.node.ObjectNode) tree.path("bench");
        bench.remove(List.of("name", "tasks", "methods", "seeds"));
        return tree;
    }

    private static String toJson(Object o) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void clear(Path cellDir) {
        if (!Files.exists(cellDir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(cellDir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
