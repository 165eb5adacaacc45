package org.tapweight.bench.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.tapweight.bench.harness.BenchConfig;
import org.tapweight.bench.harness.BenchResults;
import org.tapweight.bench.harness.BenchRunner;
import org.tapweight.core.config.RunConfig;
import org.tapweight.core.engine.StepResult;
import org.tapweight.core.run.RunDriver;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tapweight bench}: a grid of tasks x methods x seeds, resumable, with results, table and plots. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        header = "Run a benchmark grid (tasks x methods x seeds); resumes where it stopped.",
        description = {"Run a benchmark grid (tasks x methods x seeds) under one protocol and write results.csv,",
                "results.md and plots. Running it again skips finished cells and resumes an interrupted one."})
final class BenchCommand implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", required = true, description = "Bench config (YAML).")
    Path config;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR", description = "Bench folder; default runs/bench-<name>.")
    Path out;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = {"Override a value of every cell's run config, after the bench's own overrides (repeatable), e.g.",
                    "--set outerSteps=50 or --set objectives.mlm.settings.rate=0.2 (a list element by name, id or index).",
                    "It becomes part of the bench: a folder made with other values refuses it."})
    java.util.Map<String, String> overrides = new java.util.LinkedHashMap<>();

    @Option(names = "--parallel", description = "Cells run at a time, each on one thread (default ${DEFAULT-VALUE}; 2 on a 2-core machine).")
    int parallel = 1;

    @Option(names = {"-v", "--verbose"}, description = "More logging.")
    boolean verbose;

    @Mixin
    PluginOptions plugins;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        BenchConfig bench = BenchConfig.read(config);
        bench.overrides.putAll(overrides);
        Path dir = out != null ? out : Path.of("runs", "bench-" + bench.name);
        BenchRunner runner = new BenchRunner(bench, dir, plugins.loader());
        PrintWriter err = spec.commandLine().getErr();
        List<String> order = runner.methodOrder();
        java.util.Map<BenchRunner.Cell, Progress> bars = new java.util.HashMap<>();
        runner.run(new BenchRunner.Listener() {
            @Override
            public void cellStarting(BenchRunner.Cell cell, int index, int total, RunConfig c, boolean resuming) {
                err.printf(Locale.ROOT, "[%d/%d] %s%s%n", index + 1, total, cell.label(), resuming ? " (resuming)" : "");
                err.flush();
                bars.put(cell, new Progress(cell.task() + " " + cell.method().name() + " seed " + cell.seed(),
                        Math.max(1, c.outerSteps), 0));
            }

            @Override
            public void step(BenchRunner.Cell cell, StepResult step) {
                bars.get(cell).stepTo(step.step() + 1L, "");
            }

            @Override
            public void finetuneEpoch(BenchRunner.Cell cell, int epoch, int epochs) {
                if (epoch == 1) {
                    bars.get(cell).close();
                    bars.put(cell, new Progress(cell.task() + " " + cell.method().name() + " seed " + cell.seed() + " finetune",
                            epochs, 0));
                }
                bars.get(cell).step("");
            }

            @Override
            public void cellFinished(BenchRunner.Cell cell, RunDriver.Summary s) {
                bars.remove(cell).close();
                BenchResults.write(dir, BenchResults.collect(dir), order);
            }

            @Override
            public void cellFailed(BenchRunner.Cell cell, String message) {
                bars.remove(cell).close();
                err.println("diverged: " + cell.label() + ": " + message + " (reported in the results; the bench goes on)");
                err.flush();
                BenchResults.write(dir, BenchResults.collect(dir), order);
            }

            @Override
            public void cellSkipped(BenchRunner.Cell cell) {
                err.println("skip " + cell.label() + " (finished)");
                err.flush();
            }
        }, parallel);
        String md = BenchResults.write(dir, BenchResults.collect(dir), order);
        PrintWriter o = spec.commandLine().getOut();
        o.println();
        o.println(md);
        o.println("results: " + dir.resolve("results.csv") + ", " + dir.resolve("results.md") + ", plots in " + dir.resolve("plots"));
        o.flush();
        return 0;
    }
}
