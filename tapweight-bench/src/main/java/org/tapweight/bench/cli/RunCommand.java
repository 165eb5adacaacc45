package org.tapweight.bench.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import org.tapweight.core.metrics.UndefinedMetrics;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.tapweight.core.config.RunConfig;
import org.tapweight.core.engine.StepResult;
import org.tapweight.core.run.RunDriver;
import org.tapweight.core.wiring.TapWeightModule;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tapweight run}: one method on one task, with a record, checkpoints, resume and a summary. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run one method (TapWeight, fixed weights, bi-level, finetuning) on one task.",
                "Without --config the bundled default runs: TapWeight with cg on the generated 'synthetic-regression' task."})
final class RunCommand implements Callable<Integer> {

    static final String DEFAULT_CONFIG = "/org/tapweight/bench/default-run.yaml";

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "Config file (YAML or JSON).")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Override a config value, e.g. --set outerSteps=50 --set levelIII.strategyI.id=neumann (repeatable).")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Option(names = {"-o", "--out"}, paramLabel = "DIR",
            description = "Output folder (record, checkpoint, results); default runs/<name>/<date-time>.")
    Path out;

    @Option(names = "--resume", description = "Continue from the checkpoint in the output folder.")
    boolean resume;

    @Option(names = {"-v", "--verbose"}, description = "More logging.")
    boolean verbose;

    @Mixin
    PluginOptions plugins;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        RunConfig c = loadConfig();
        Path dir = out != null ? out : Path.of("runs", c.name,
                java.time.LocalDateTime.now().format(java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        execute(c, dir, resume, plugins, spec.commandLine().getOut());
        return 0;
    }

    /** Runs a config with progress bars (outer steps, then finetuning epochs) and prints the summary. */
    static void execute(RunConfig c, Path dir, boolean resume, PluginOptions plugins, PrintWriter out) throws IOException {
        c.validate();
        if (c.dataType.equals("double")) {
            Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        }
        RunDriver driver = TapWeightModule.driver(c, dir, plugins.loader());
        RunDriver.Summary s;
        Progress[] finetune = new Progress[1];
        driver.setFinetuneProgress(epoch -> {
            if (finetune[0] == null) {
                finetune[0] = new Progress(c.name + " finetune (epochs over " + c.finetune.seedsOrDefault() + " seeds)",
                        (long) c.finetune.epochs * c.finetune.seedsOrDefault(), 0);
            }
            finetune[0].step("");
        });
        try (Progress progress = new Progress(c.name + " " + c.mode.name().toLowerCase(Locale.ROOT), c.outerSteps, 0)) {
            s = driver.run(resume, (r, e) -> progress.stepTo(r.step() + 1L, describe(r, driver.objectiveIds())), -1);
        } finally {
            if (finetune[0] != null) {
                finetune[0].close();
            }
        }
        print(out, c, driver, s);
        try {
            org.tapweight.bench.harness.RunReport.write(dir);
            out.println("report: " + dir.resolve("report.html") + " (and report.md)");
        } catch (IOException | RuntimeException e) {
            // the run is done and recorded; a report that cannot be drawn (no fonts on a bare host) must not fail it
            out.println("report: not written (" + e + "); write it later with tapweight report --run " + dir);
        }
        out.flush();
    }

    private RunConfig loadConfig() throws IOException {
        if (config != null) {
            return RunConfig.read(config, overrides);
        }
        try (InputStream in = RunCommand.class.getResourceAsStream(DEFAULT_CONFIG)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return RunConfig.parse("bundled default-run.yaml", text, true, overrides);
        }
    }

    private static String describe(StepResult r, List<String> ids) {
        StringBuilder sb = new StringBuilder(" |");
        for (int i = 0; i < ids.size(); i++) {
            sb.append(" ").append(String.format(Locale.ROOT, "%s=%.2f", ids.get(i), r.weights()[i]));
        }
        if (!Double.isNaN(r.validationLoss())) {
            sb.append(String.format(Locale.ROOT, " val=%.4f", r.validationLoss()));
        }
        return sb.toString();
    }

    static void print(PrintWriter out, RunConfig c, RunDriver driver, RunDriver.Summary s) {
        out.printf(Locale.ROOT, "%nrun '%s' (%s, task %s, %d outer steps%s) finished in %.1f s%n", c.name, c.mode,
                c.task.displayName(), s.steps(), s.resumed() ? ", resumed" : "", s.seconds());
        out.println();
        out.println("| objective | final weight |");
        out.println("|---|---|");
        List<String> ids = driver.objectiveIds();
        for (int i = 0; i < ids.size(); i++) {
            out.printf(Locale.ROOT, "| %s | %.4f |%n", ids.get(i), s.weights()[i]);
        }
        out.println();
        out.println("| metric | validation | test |");
        out.println("|---|---|---|");
        for (String m : s.validation().keySet()) {
            out.printf(Locale.ROOT, "| %s | %s | %s |%n", m, UndefinedMetrics.text(s.validation().get(m)), UndefinedMetrics.text(s.test().get(m)));
        }
        if (s.finetuned() != null) {
            out.println();
            out.printf(Locale.ROOT, "final finetuning (fresh head, early stopping on validation): best epoch %d of %d%n",
                    s.finetuned().bestEpoch(), s.finetuned().validationCurve().size());
            out.println("| metric | validation | test |");
            out.println("|---|---|---|");
            for (String m : s.finetuned().validation().keySet()) {
                out.printf(Locale.ROOT, "| %s | %s | %s |%n", m, UndefinedMetrics.text(s.finetuned().validation().get(m)),
                        UndefinedMetrics.text(s.finetuned().test().get(m)));
            }
        }
        boolean undefined = !UndefinedMetrics.of("", s.validation()).isEmpty() || !UndefinedMetrics.of("", s.test()).isEmpty()
                || s.finetuned() != null && (!UndefinedMetrics.of("", s.finetuned().validation()).isEmpty()
                || !UndefinedMetrics.of("", s.finetuned().test()).isEmpty());
        if (undefined) {
            out.println("undefined: " + UndefinedMetrics.REASON);
        }
        out.println();
        out.println("record: " + driver.recordFile());
        out.println("results: " + s.outputDir().resolve(RunDriver.RESULTS_FILE));
        if (java.nio.file.Files.exists(driver.modelFile())) {
            out.println("model: " + driver.modelFile() + " (score new inputs: tapweight predict --model " + driver.modelFile()
                    + " --input FILE --out FILE)");
        }
        out.flush();
    }
}
