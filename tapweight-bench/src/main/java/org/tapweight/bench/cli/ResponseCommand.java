package org.tapweight.bench.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.tapweight.api.plugin.ConfigurationException;
import org.tapweight.bench.response.ResponseExperiment;
import org.tapweight.bench.response.ResponseReport;
import org.tapweight.bench.response.ResponseRow;
import org.tapweight.bench.response.ResponseSettings;
import org.tapweight.core.assembly.RunAssembler;
import org.tapweight.core.config.PluginRef;
import org.tapweight.core.config.RunConfig;
import org.tapweight.core.plugin.PluginRegistry;
import org.tapweight.core.run.Provenance;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tapweight response}: the real-scale check of a hypergradient. From a state S0 (a warm-up of
 * the run, or a checkpoint) each strategy's hypergradient predicts {@code <h, d>}; the pipeline's
 * actual response along d is measured by continuing levels I and II for a horizon with lambda held
 * at lambda0 +- e d, on common random numbers, over several batch seeds. See {@link ResponseExperiment}.
 */
@Command(name = "response", mixinStandardHelpOptions = true,
        description = {"Test whether hypergradients predict the validation loss's response to moving lambda.",
                "Example: --config examples/synthetic-tapweight.yaml --strategy '{id: cg, settings: {iterations: 20, damping: 0.01}}'",
                "         --strategy identity --warmup-steps 30 --horizon 20 --epsilon 0.5,0.25"})
final class ResponseCommand implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", required = true, description = "A TapWeight run config (mode TAPWEIGHT).")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a config value (repeatable).")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Option(names = "--strategy", paramLabel = "REF", required = true,
            description = "A strategy to test, as a YAML flow map like levelIII.strategyI, e.g. '{id: cg, settings: {iterations: 5}}',"
                    + " or a bare id (repeatable). Used at both levels, no warm start.")
    List<String> strategies = new ArrayList<>();

    @Option(names = "--warmup-steps", paramLabel = "W", description = "Outer steps of the run as configured before S0 (default ${DEFAULT-VALUE}).")
    int warmupSteps = 30;

    @Option(names = "--checkpoint", paramLabel = "FILE",
            description = "Start from this checkpoint (of a run with the same --config and --set) instead of a warm-up.")
    Path checkpoint;

    @Option(names = "--horizon", paramLabel = "S", description = "Outer steps of each continuation (default ${DEFAULT-VALUE}).")
    int horizon = 20;

    @Option(names = "--epsilon", paramLabel = "E", split = ",",
            description = "Step in lambda along each unit direction; a second value checks linearity (default ${DEFAULT-VALUE}).")
    List<Double> epsilons = new ArrayList<>(List.of(0.5));

    @Option(names = "--batch-seeds", paramLabel = "B",
            description = "Batch seeds per direction: the run's seed, then derived ones (default ${DEFAULT-VALUE}).")
    int batchSeeds = 3;

    @Option(names = "--no-coordinates",
            description = "Leave out the K coordinate directions (then only hypergradients and random directions).")
    boolean noCoordinates;

    @Option(names = "--random-directions", paramLabel = "R",
            description = "Seeded Gaussian directions; default: enough for " + ResponseSettings.DEFAULT_TOTAL_DIRECTIONS + " directions in all.")
    int randomDirections = -1;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR", description = "Output folder (default runs/response-<name>); rerun to resume.")
    Path out;

    @Option(names = {"-v", "--verbose"}, description = "More logging.")
    boolean verbose;

    @Mixin
    PluginOptions plugins;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        RunConfig given = RunConfig.read(config, overrides);
        String userFingerprint = Provenance.fingerprint(given);
        RunConfig c = given.copy();
        c.finetune.epochs = 0;
        c.checkpointEvery = 0;
        c.validate();
        if (c.dataType.equals("double")) {
            Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        }
        if (checkpoint != null && !Files.isRegularFile(checkpoint)) {
            throw new ConfigurationException("--checkpoint " + checkpoint + ": no such file");
        }
        List<PluginRef> refs = new ArrayList<>();
        RunAssembler assembler = new RunAssembler(PluginRegistry.load(plugins.loader()));
        for (String s : strategies) {
            PluginRef ref = parseStrategy(s);
            assembler.strategy(ref); // fail now, not after the warm-up
            refs.add(ref);
        }
        ResponseSettings settings = new ResponseSettings(c, userFingerprint, checkpoint, warmupSteps, refs, List.copyOf(strategies),
                !noCoordinates, randomDirections, batchSeeds, horizon, List.copyOf(epsilons));
        Path dir = out != null ? out : Path.of("runs", "response-" + c.name);
        PrintWriter err = spec.commandLine().getErr();
        err.println(checkpoint == null ? "warm-up: " + warmupSteps + " outer steps, then the hypergradients (a rerun reads them back) ..."
                : "restoring " + checkpoint + ", then the hypergradients ...");
        err.flush();
        Progress[] bar = new Progress[1];
        ResponseReport report;
        try {
            report = new ResponseExperiment(settings, plugins.loader()).run(dir, new ResponseExperiment.Listener() {
                @Override
                public void start(int total, int done) {
                    bar[0] = new Progress(c.name + " response (direction x epsilon x seed)", total, done);
                }

                @Override
                public void row(ResponseRow r) {
                    bar[0].step(String.format(Locale.ROOT, " | %s seed %d response %.4g", r.direction(), r.batchSeed(), r.response()));
                }
            });
        } finally {
            if (bar[0] != null) {
                bar[0].close();
            }
        }
        PrintWriter o = spec.commandLine().getOut();
        o.println();
        for (ResponseReport.Agreement a : report.agreements()) {
            o.printf(Locale.ROOT, "%s: sign agreement %d/%d, on |mean| > 2 SE %d/%d, Pearson %.3f, Spearman %.3f%n", a.strategy(),
                    a.agree(), a.directions(), a.agreeSignificant(), a.significant(), a.pearson(), a.spearman());
        }
        int[] self = report.selfAgreement(report.primaryEpsilon());
        o.printf(Locale.ROOT, "self-agreement ceiling (one seed vs the mean of the others): %d/%d%n", self[0], self[1]);
        o.println("report: " + dir.resolve("response.md"));
        o.flush();
        return 0;
    }

    /** A YAML flow map (or a bare id) read into a plug-in reference like {@code levelIII.strategyI}. */
    static PluginRef parseStrategy(String text) {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory()).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        try {
            JsonNode node = yaml.readTree(text);
            if (node != null && node.isTextual()) {
                return PluginRef.of(node.asText());
            }
            if (node == null || !node.isObject()) {
                throw new ConfigurationException("--strategy '" + text + "': expected a map like {id: cg, settings: {iterations: 5}} or an id");
            }
            PluginRef ref = yaml.treeToValue(node, PluginRef.class);
            if (ref.id == null) {
                throw new ConfigurationException("--strategy '" + text + "': no id");
            }
            if (ref.settings == null) {
                ref.settings = new LinkedHashMap<>();
            }
            return ref;
        } catch (IOException e) {
            throw new ConfigurationException("--strategy '" + text + "': " + e.getMessage(), e);
        }
    }
}
