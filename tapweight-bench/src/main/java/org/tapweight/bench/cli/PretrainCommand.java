package org.tapweight.bench.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.tapweight.core.config.Mode;
import org.tapweight.core.config.RunConfig;
import org.tapweight.core.record.EncoderFile;
import org.tapweight.core.run.Provenance;
import org.tapweight.core.run.RunDriver;
import org.tapweight.core.wiring.TapWeightModule;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tapweight pretrain}: trains a base encoder on a general corpus with fixed objective weights
 * (a run in PRETRAIN mode) and writes it as an encoder file that runs name in {@code initialEncoder}:
 * the encoder and each objective's trained head, which later runs carry over where they match.
 */
@Command(name = "pretrain", mixinStandardHelpOptions = true,
        header = "Pretrain a base encoder with fixed objective weights and write the encoder file.",
        description = {"Pretrain a base encoder with fixed objective weights on a general corpus and write the",
                "encoder file (with its run record beside it). Example: --config examples/pretrain-molecule.yaml"})
final class PretrainCommand implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", required = true, description = "Config file (YAML or JSON).")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a config value (repeatable).")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Option(names = {"-o", "--out"}, paramLabel = "DIR", description = "Run folder (record, checkpoint); default runs/<name>.")
    Path out;

    @Option(names = "--encoder-out", paramLabel = "FILE", description = "Where to write the encoder; default <out>/encoder.zip.")
    Path encoderOut;

    @Option(names = "--resume", description = "Continue from the checkpoint in the run folder.")
    boolean resume;

    @Option(names = {"-v", "--verbose"}, description = "More logging.")
    boolean verbose;

    @Mixin
    PluginOptions plugins;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        RunConfig c = RunConfig.read(config, overrides);
        c.mode = Mode.PRETRAIN;
        c.validate();
        if (c.dataType.equals("double")) {
            Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        }
        Path dir = out != null ? out : Path.of("runs", c.name);
        Path target = encoderOut != null ? encoderOut : dir.resolve("encoder.zip");
        RunDriver driver = TapWeightModule.driver(c, dir, plugins.loader());
        driver.setModelExport(null); // pretraining writes an encoder file, not a task model
        RunDriver.Summary s;
        try (Progress progress = new Progress(c.name + " pretrain", c.outerSteps, 0)) {
            s = driver.run(resume, (r, e) -> progress.stepTo(r.step() + 1L, String.format(Locale.ROOT, " | losses %s",
                    java.util.Arrays.toString(java.util.Arrays.stream(r.objectiveLosses())
                            .mapToObj(x -> String.format(Locale.ROOT, "%.3f", x)).toArray()))), -1);
        }
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("run", c.name);
        provenance.put("seed", c.seed);
        provenance.put("steps", s.steps());
        provenance.put("objectives", driver.objectiveIds());
        provenance.put("configFingerprint", Provenance.fingerprint(c));
        provenance.put("record", driver.recordFile().toString());
        provenance.put("environment", Provenance.environment());
        EncoderFile.save(target, c.encoder, driver.encoderParameters(), driver.trainedHeads(), provenance);
        PrintWriter w = spec.commandLine().getOut();
        w.printf(Locale.ROOT, "%npretrained '%s' for %d steps in %.1f s%nencoder: %s (%d bytes, with the heads of %s)%nrecord: %s%n",
                c.name, s.steps(), s.seconds(), target, Files.size(target), driver.objectiveIds(), driver.recordFile());
        w.flush();
        return 0;
    }
}
