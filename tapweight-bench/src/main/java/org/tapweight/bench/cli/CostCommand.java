package org.tapweight.bench.cli;

import com.google.inject.Guice;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.tapweight.core.assembly.RunAssembler;
import org.tapweight.core.config.Mode;
import org.tapweight.core.config.PluginRef;
import org.tapweight.core.config.RunConfig;
import org.tapweight.core.engine.HypergradientChain;
import org.tapweight.core.engine.TriLevelEngine;
import org.tapweight.core.plugin.PluginRegistry;
import org.tapweight.core.record.AtomicFiles;
import org.tapweight.core.wiring.TapWeightModule;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tapweight cost}: what learned weights cost, measured in one process: the wall time of a
 * TapWeight outer step (levels I, II, III every step) as a multiple of a fixed-weight step (levels I
 * and II) for each strategy at 1 and 5 iterations; a whole run of the config's own TapWeight settings
 * against a uniform-weight run with the same level-I steps; and the cosine similarity of the
 * config's hypergradient with a many-iteration CG hypergradient computed at the same points.
 */
@Command(name = "cost", mixinStandardHelpOptions = true,
        header = "Measure what learned weights cost and how well the hypergradient's direction holds.",
        description = {"Measure the cost of learned weights against fixed ones, and how well the configured",
                "hypergradient agrees in direction with a many-iteration one. Example: --config examples/bbbp-tapweight.yaml"})
final class CostCommand implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", required = true, description = "A TapWeight run config.")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a config value (repeatable).")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Option(names = "--steps", description = "Outer steps per per-step measurement (default ${DEFAULT-VALUE}).")
    int steps = 10;

    @Option(names = "--run-steps", description = "Outer steps of the whole-run comparison (default ${DEFAULT-VALUE}).")
    int runSteps = 60;

    @Option(names = "--reference-iterations", description = "CG iterations of the reference hypergradient (default ${DEFAULT-VALUE}); 0 skips the agreement.")
    int referenceIterations = 20;

    @Option(names = "--whole-run-only", description = "Skip the per-step table; measure the whole runs and the agreement only.")
    boolean wholeRunOnly;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR", description = "Where to write cost.md (default runs/cost-<name>).")
    Path out;

    @Option(names = {"-v", "--verbose"}, description = "More logging.")
    boolean verbose;

    @Mixin
    PluginOptions plugins;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    private RunConfig base() {
        RunConfig c = RunConfig.read(config, overrides);
        c.finetune.epochs = 0;
        c.checkpointEvery = 0;
        if (c.dataType.equals("double")) {
            Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        }
        return c;
    }

    private TriLevelEngine engine(RunConfig c) {
        return Guice.createInjector(new TapWeightModule(c, Path.of("unused"), plugins.loader())).getInstance(TriLevelEngine.class);
    }

    /** Mean milliseconds of levels I+II+III per outer step, the first two steps left out as warm-up. */
    private double meanStepMillis(RunConfig c, int n) {
        c.outerSteps = n + 2;
        TriLevelEngine e = engine(c);
        List<Double> ms = new ArrayList<>();
        e.run((r, en) -> {
            if (r.step() >= 2) {
                ms.add(r.millisI() + r.millisII() + r.millisIII());
            }
        });
        return ms.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    @Override
    public Integer call() throws IOException {
        RunConfig c0 = base();
        Path dir = out != null ? out : Path.of("runs", "cost-" + c0.name);
        PrintWriter err = spec.commandLine().getErr();
        StringBuilder md = new StringBuilder();
        RunConfig fixed = base();
        fixed.mode = Mode.FIXED;
        err.println("timing fixed-weight steps ...");
        err.flush();
        double fixedMs = meanStepMillis(fixed, steps);
        md.append(String.format(Locale.ROOT, "## One outer step, level III every step (%d steps each, same process)%n%n", steps));
        md.append(String.format(Locale.ROOT, "Fixed weights (levels I and II): %.0f ms per outer step.%n%n", fixedMs));
        md.append("| strategy | iterations | ms per outer step | multiple of a fixed-weight step |\n|---|---|---|---|\n");
        for (String strategy : wholeRunOnly ? new String[0] : new String[] {"identity", "neumann", "cg", "unrolled"}) {
            for (int k : strategy.equals("identity") ? new int[] {0} : new int[] {1, 5}) {
                RunConfig c = base();
                c.mode = Mode.TAPWEIGHT;
                c.levelIII.interval = 1;
                Map<String, Object> settings = new LinkedHashMap<>();
                switch (strategy) {
                    case "cg", "neumann" -> settings.put("iterations", k); // damping / alpha: auto
                    case "unrolled" -> settings.put("steps", k); // Adam levels as preconditioned momentum
                    default -> { }
                }
                c.levelIII.strategyI = PluginRef.of(strategy, settings);
                c.levelIII.strategyII = null;
                err.println("timing " + strategy + (k > 0 ? " with " + k + " iterations" : "") + " ...");
                err.flush();
                double ms = meanStepMillis(c, steps);
                md.append(String.format(Locale.ROOT, "| %s | %s | %.0f | %.2f |%n", strategy, k == 0 ? "–" : k, ms, ms / fixedMs));
            }
        }
        // Whole runs: the config's own TapWeight settings against uniform weights, same level-I steps.
        RunConfig tw = base();
        tw.mode = Mode.TAPWEIGHT;
        tw.outerSteps = runSteps;
        RunConfig uni = base();
        uni.mode = Mode.FIXED;
        uni.outerSteps = runSteps;
        err.println("whole uniform run ...");
        err.flush();
        long t0 = System.nanoTime();
        engine(uni).run((r, e) -> { });
        double uniformSeconds = (System.nanoTime() - t0) / 1e9;
        err.println("whole TapWeight run with a reference hypergradient at every update ...");
        err.flush();
        TriLevelEngine e = engine(tw);
        RunAssembler plugins = new RunAssembler(PluginRegistry.load(this.plugins.loader()));
        PluginRef referenceCg = PluginRef.of("cg", Map.of("iterations", referenceIterations, "damping", damping(tw), "tolerance", 0.0));
        HypergradientChain reference = new HypergradientChain(e.pretrainingModel(), e.taskModel(), plugins.weightMap(tw.weightMap),
                plugins.strategy(referenceCg), plugins.strategy(referenceCg), tw.levelIII.epsilon(tw.dataType));
        List<Double> cosines = new ArrayList<>();
        double[] referenceSeconds = {0};
        if (referenceIterations > 0) {
            e.setLevelThreeObserver((step, lambda, theta, omega, pI, pII, val, result) -> {
                long r0 = System.nanoTime();
                HypergradientChain.Result ref = reference.compute(new HypergradientChain.Point(lambda, theta, omega, tw.gamma,
                pI, pII, val), HypergradientChain.Solves.cold(e.state().optimizerI.solveContext(), e.state().optimizerII.solveContext()));
                referenceSeconds[0] += (System.nanoTime() - r0) / 1e9;
                cosines.add(cosine(result.hypergradient(), ref.hypergradient()));
            });
        }
        long t1 = System.nanoTime();
        e.run((r, en) -> { });
        double tapweightSeconds = (System.nanoTime() - t1) / 1e9 - referenceSeconds[0];
        double meanCos = cosines.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        double minCos = cosines.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
        long positive = cosines.stream().filter(x -> x > 0).count();
        md.append(String.format(Locale.ROOT, "%n## Whole runs, %d outer steps each%n%n", runSteps));
        md.append(String.format(Locale.ROOT, "| run | seconds | multiple of uniform |%n|---|---|---|%n| uniform weights | %.1f | 1.00 |%n"
                + "| TapWeight as configured (%s, level III every %d steps, warm start %s) | %.1f | %.2f |%n%n",
                uniformSeconds, tw.levelIII.strategyI, tw.levelIII.interval, tw.levelIII.warmStart, tapweightSeconds,
                tapweightSeconds / uniformSeconds));
        if (referenceIterations > 0) {
            md.append(String.format(Locale.ROOT, "Agreement with a CG hypergradient of %d iterations (no warm start) at the same %d "
                    + "points: mean cosine similarity %.3f, minimum %.3f, positive at %d of %d.%n", referenceIterations, cosines.size(),
                    meanCos, minCos, positive, cosines.size()));
        }
        AtomicFiles.writeString(dir.resolve("cost.md"), md.toString());
        spec.commandLine().getOut().println(md);
        spec.commandLine().getOut().flush();
        return 0;
    }

    /** The configured strategy's damping when it is {@code cg} (a number or {@code auto}), else {@code auto}. */
    private static Object damping(RunConfig c) {
        Object d = c.levelIII.strategyI.id.equals("cg") ? c.levelIII.strategyI.settings.get("damping") : null;
        return d != null ? d : "auto";
    }

    static double cosine(double[] a, double[] b) {
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < a.length; i++) {
            ab += a[i] * b[i];
            aa += a[i] * a[i];
            bb += b[i] * b[i];
        }
        return aa == 0 || bb == 0 ? Double.NaN : ab / Math.sqrt(aa * bb);
    }

}
