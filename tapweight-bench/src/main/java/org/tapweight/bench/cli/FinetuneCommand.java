package org.tapweight.bench.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.tapweight.api.plugin.ConfigurationException;
import org.tapweight.core.config.Mode;
import org.tapweight.core.config.RunConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tapweight finetune}: the protocol's final step on its own: a fresh task head on an encoder
 * file, trained on the task's training split with early stopping on validation; the test metric is
 * reported at the best validation epoch. The encoder is the config's {@code initialEncoder} or
 * {@code --encoder}.
 */
@Command(name = "finetune", mixinStandardHelpOptions = true,
        header = "Finetune an encoder file on a task and report the test metric.",
        description = {"Finetune an encoder file on a task (fresh head, early stopping on validation) and report the",
                "test metric at the best validation epoch. Example:",
                "  tapweight finetune --config examples/bbbp-tapweight.yaml --encoder models/molecule-base-encoder.zip"})
final class FinetuneCommand implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", required = true,
            description = "Config file with the task, encoder settings and 'finetune' section (YAML or JSON).")
    Path config;

    @Option(names = {"-e", "--encoder"}, paramLabel = "FILE", description = "Encoder file to finetune (default: the config's initialEncoder).")
    Path encoder;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a config value, e.g. --set finetune.epochs=10 (repeatable).")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Option(names = {"-o", "--out"}, paramLabel = "DIR", description = "Output folder; default runs/<name>-finetune/<date-time>.")
    Path out;

    @Option(names = {"-v", "--verbose"}, description = "More logging.")
    boolean verbose;

    @Mixin
    PluginOptions plugins;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        RunConfig c = RunConfig.read(config, overrides);
        c.name = c.name + "-finetune";
        c.mode = Mode.FINETUNE;
        c.outerSteps = 0;
        c.fixedWeights = new LinkedHashMap<>();
        if (encoder != null) {
            if (!Files.isRegularFile(encoder)) {
                throw new ConfigurationException(encoder + ": no such encoder file");
            }
            c.initialEncoder = encoder.toString(); // as typed: records and fingerprints do not depend on where the checkout lies
        }
        if (c.finetune.epochs < 1) {
            throw new ConfigurationException(config + ": 'finetune.epochs' must be at least 1 (set it in the config or with "
                    + "--set finetune.epochs=N)");
        }
        if (c.initialEncoder == null) {
            spec.commandLine().getErr().println("note: no initialEncoder and no --encoder: finetuning the encoder plug-in's own initialisation (seeded, or pretrained weights for minilm)");
        }
        Path dir = out != null ? out : Path.of("runs", c.name,
                java.time.LocalDateTime.now().format(java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        RunCommand.execute(c, dir, false, plugins, spec.commandLine().getOut());
        return 0;
    }
}
