package org.tapweight.bench.response;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.google.inject.Guice;
import com.google.inject.Injector;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tapweight.api.hypergrad.HypergradientStrategy;
import org.tapweight.api.model.Noise;
import org.tapweight.api.model.Split;
import org.tapweight.api.model.TaskModel;
import org.tapweight.api.plugin.ConfigurationException;
import org.tapweight.core.assembly.RunAssembler;
import org.tapweight.core.config.RunConfig;
import org.tapweight.core.engine.HypergradientChain;
import org.tapweight.core.engine.HypergradientChain.Probe;
import org.tapweight.nn.Seeds;
import org.tapweight.core.engine.TriLevelEngine;
import org.tapweight.core.plugin.PluginRegistry;
import org.tapweight.core.record.AtomicFiles;
import org.tapweight.core.record.Checkpoint;
import org.tapweight.core.run.Provenance;
import org.tapweight.core.wiring.TapWeightModule;

/**
 * The response test: from a state S0, does a hypergradient predict how the validation loss after
 * {@code horizon} more outer steps changes when lambda is moved (and then held) along a direction?
 * For each direction d, epsilon e and batch seed b, levels I and II continue from S0 with lambda
 * fixed at lambda0 + e d and at lambda0 - e d, on the same batches and noise (the engine of batch
 * seed b is the run's config with {@code seed = b}); the response is (L+ - L-) / 2e on the whole
 * validation split. Files: settings.json, s0.zip, plan.json, responses.csv (rewritten atomically
 * after every row; finished rows are skipped on a rerun), then predictions.csv, response.md, plots.
 */
public final class ResponseExperiment {

    public static final String RESPONSES = "responses.csv";
    static final String SETTINGS = "settings.json";
    static final String START = "s0.zip";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    /** Told about each finished row. */
    public interface Listener {
        void start(int total, int done);

        void row(ResponseRow row);
    }

    private final ResponseSettings settings;
    private final ClassLoader pluginLoader;
    private final Map<Long, TriLevelEngine> engines = new HashMap<>();
    private Injector baseInjector;
    private Plan plan;
    private StartState s0;

    public ResponseExperiment(ResponseSettings settings, ClassLoader pluginLoader) {
        this.settings = settings;
        this.pluginLoader = pluginLoader;
    }

    /** Runs (or finishes) the experiment in {@code dir}; returns the report. */
    public ResponseReport run(Path dir, Listener listener) throws IOException {
        prepare(dir);
        Map<String, ResponseRow> rows = readRows(dir.resolve(RESPONSES));
        List<Long> seeds = batchSeeds(settings.config().seed, settings.batchSeeds());
        int total = plan.directions().size() * settings.epsilons().size() * seeds.size();
        listener.start(total, (int) rows.values().stream().filter(r -> isPlanned(r, plan, seeds)).count());
        for (Direction d : plan.directions()) {
            for (double e : settings.epsilons()) {
                for (long b : seeds) {
                    if (rows.containsKey(ResponseRow.key(d.id(), e, b))) {
                        continue;
                    }
                    ResponseRow row = respond(d, e, b);
                    rows.put(row.key(), row);
                    writeRows(dir.resolve(RESPONSES), rows);
                    listener.row(row);
                }
            }
        }
        ResponseReport report = new ResponseReport(settings, plan, seeds, new ArrayList<>(rows.values()));
        report.write(dir);
        return report;
    }

    /**
     * Establishes S0 and the plan in {@code dir}: read back from s0.zip and plan.json when a previous
     * run with the same settings left them, else computed (warm-up or checkpoint, then predictions).
     */
    Plan prepare(Path dir) throws IOException {
        Files.createDirectories(dir);
        String identity = checkSettings(dir);
        TriLevelEngine base = baseEngine();
        if (Files.exists(dir.resolve(START)) && Files.exists(dir.resolve(Plan.FILE_NAME))) {
            Checkpoint.restore(dir.resolve(START), base.state(), identity(Provenance.fingerprint(settings.config())));
            s0 = new StartState(base.state());
            plan = Plan.read(dir);
        } else {
            establishStart(base);
            s0 = new StartState(base.state());
            plan = plan(base, s0);
            // settings.json only once S0 and the plan are computed (a failed start leaves the folder usable), and before them.
            AtomicFiles.writeString(dir.resolve(SETTINGS), identity);
            Checkpoint.save(dir.resolve(START), base.state(), identity(Provenance.fingerprint(settings.config())));
            plan.write(dir);
        }
        base.freezeLambda();
        engines.clear();
        engines.put(settings.config().seed, base);
        return plan;
    }

    private boolean isPlanned(ResponseRow r, Plan plan, List<Long> seeds) {
        return seeds.contains(r.batchSeed()) && settings.epsilons().contains(r.epsilon())
                && plan.directions().stream().anyMatch(d -> d.id().equals(r.direction()));
    }

    /** The batch seeds: the run's own seed, then seeds derived from it. */
    static List<Long> batchSeeds(long seed, int n) {
        List<Long> seeds = new ArrayList<>();
        seeds.add(seed);
        for (int i = 1; i < n; i++) {
            seeds.add(Seeds.derive(seed, "response-batch-seed", i) & 0x7fffffffffffL);
        }
        return seeds;
    }

    /** Refuses a folder made with other settings; returns this experiment's settings.json text. */
    private String checkSettings(Path dir) throws IOException {
        String start = settings.checkpoint() == null ? "warmup " + settings.warmupSteps() + " outer steps"
                : "checkpoint " + settings.checkpoint().toAbsolutePath().normalize() + " sha256 "
                + Provenance.sha256(Files.readAllBytes(settings.checkpoint()));
        Map<String, Object> identity = settings.identity(start);
        String text = JSON.writeValueAsString(JSON.readValue(JSON.writeValueAsString(identity), Object.class));
        Path file = dir.resolve(SETTINGS);
        if (Files.exists(file)) {
            @SuppressWarnings("unchecked")
            Map<String, Object> saved = JSON.readValue(file.toFile(), Map.class);
            @SuppressWarnings("unchecked")
            Map<String, Object> now = JSON.readValue(text, Map.class);
            if (!saved.equals(now)) {
                List<String> diffs = new ArrayList<>();
                for (String k : now.keySet()) {
                    if (!java.util.Objects.equals(saved.get(k), now.get(k))) {
                        diffs.add(k + ": folder has " + saved.get(k) + ", now " + now.get(k));
                    }
                }
                throw new ConfigurationException(file + ": this folder was made with different settings ("
                        + String.join("; ", diffs) + "); rerun with the same settings to resume, or choose another --out");
            }
        }
        return text;
    }

    private Injector injector(RunConfig c) {
        return Guice.createInjector(new TapWeightModule(c, Path.of("unused"), pluginLoader));
    }

    private TriLevelEngine baseEngine() {
        baseInjector = injector(settings.config());
        return baseInjector.getInstance(TriLevelEngine.class);
    }

    /** The data this experiment's runs read (a checkpoint written for other data is refused). */
    private Map<String, String> dataChecksums() {
        RunAssembler.Assembly assembly = baseInjector.getInstance(RunAssembler.Assembly.class);
        return Provenance.dataChecksums(assembly.task().task().dataChecksums(), settings.config());
    }

    private Checkpoint.Identity identity(String fingerprint) {
        return new Checkpoint.Identity(fingerprint, dataChecksums());
    }

    private void establishStart(TriLevelEngine base) throws IOException {
        if (settings.checkpoint() != null) {
            Checkpoint.restore(settings.checkpoint(), base.state(), identity(settings.userFingerprint()));
        } else {
            base.warmUpHeads(); // as a run does: heads not carried over from the base encoder train first
            for (int i = 0; i < settings.warmupSteps(); i++) {
                base.step();
            }
        }
    }

    private Plan plan(TriLevelEngine base, StartState s0) {
        RunConfig c = settings.config();
        RunAssembler plugins = new RunAssembler(PluginRegistry.load(pluginLoader));
        RunAssembler.Assembly assembly = baseInjector.getInstance(RunAssembler.Assembly.class);
        List<String> objectives = base.pretrainingModel().objectiveIds();
        double validationLoss0 = base.loss(Split.VALIDATION);
        List<Prediction> predictions = new ArrayList<>();
        for (int i = 0; i < settings.strategies().size(); i++) {
            HypergradientStrategy strategy = plugins.strategy(settings.strategies().get(i));
            predictions.add(predict(base, assembly, strategy, settings.strategyTexts().get(i)));
        }
        boolean shiftInvariant = shiftInvariant(assembly.weightMap(), s0.lambda);
        List<Direction> directions = Directions.build(predictions, objectives, settings.coordinates(), settings.randomDirections(), c.seed, shiftInvariant);
        Map<String, String> checksums = dataChecksums();
        return new Plan(objectives, s0.lambda.clone(), base.currentWeights(), s0.step, validationLoss0, shiftInvariant,
                predictions, directions, checksums);
    }

    private static boolean shiftInvariant(org.tapweight.api.weights.WeightMap map, double[] lambda) {
        double[] shifted = lambda.clone();
        for (int i = 0; i < shifted.length; i++) {
            shifted[i] += 1.0;
        }
        double[] a = map.weights(lambda);
        double[] b = map.weights(shifted);
        for (int i = 0; i < a.length; i++) {
            if (Math.abs(a[i] - b[i]) > 1e-12 * Math.max(1.0, Math.abs(a[i]))) {
                return false;
            }
        }
        return true;
    }

    /** The hypergradient at S0 with {@code strategy} at both levels, no warm start, whole validation split. */
    private Prediction predict(TriLevelEngine base, RunAssembler.Assembly a, HypergradientStrategy strategy, String label) {
        RunConfig c = settings.config();
        var state = base.state();
        strategy.checkUsableWith(state.optimizerI.solveContext());
        strategy.checkUsableWith(state.optimizerII.solveContext());
        HypergradientChain chain = new HypergradientChain(base.pretrainingModel(), base.taskModel(), a.weightMap(),
                strategy, strategy, c.levelIII.epsilon(c.dataType));
        Probe probeI = new Probe(lastBatch(state.step, c.levelI.steps), Noise.of(Seeds.derive(c.seed, "I", lastBatch(state.step, c.levelI.steps))));
        Probe probeII = new Probe(lastBatch(state.step, c.levelII.steps),
                Noise.of(Seeds.derive(c.seed, "II", lastBatch(state.step, c.levelII.steps))));
        long t0 = System.nanoTime();
        HypergradientChain.Result r = chain.compute(new HypergradientChain.Point(state.lambda, state.theta, state.omega, c.gamma,
                probeI, probeII, TaskModel.WHOLE_SPLIT), HypergradientChain.Solves.cold(state.optimizerI.solveContext(), state.optimizerII.solveContext()));
        double ms = (System.nanoTime() - t0) / 1e6;
        for (double g : r.hypergradient()) {
            if (!Double.isFinite(g)) {
                throw new ConfigurationException("strategy " + label + " gave a non-finite hypergradient at S0: "
                        + java.util.Arrays.toString(r.hypergradient()));
            }
        }
        return new Prediction(label, r.hypergradient(), ms, r.gradientEvaluations(), r.lossEvaluations(), r.hvpsI(), r.hvpsII(),
                r.residualI(), r.residualII(), r.validationLoss());
    }

    /**
     * The batch index a level trained on last before step {@code step} (as the engine's level III
     * probes it), or the next one when no step was taken yet or the level takes none.
     */
    static long lastBatch(int step, int stepsPerOuter) {
        return step > 0 && stepsPerOuter > 0 ? (long) (step - 1) * stepsPerOuter + stepsPerOuter - 1 : (long) step * stepsPerOuter;
    }

    private TriLevelEngine engine(long batchSeed) {
        TriLevelEngine e = engines.get(batchSeed);
        if (e == null) {
            RunConfig c = settings.config().copy();
            c.seed = batchSeed;
            e = injector(c).getInstance(TriLevelEngine.class);
            e.freezeLambda();
            // The response is measured on the validation split; it must not depend on the batch seed.
            s0.applyTo(e.state(), s0.lambda);
            double l0 = e.loss(Split.VALIDATION);
            if (l0 != plan.validationLoss0()) {
                throw new IllegalStateException("the validation loss at S0 is " + l0 + " with seed " + batchSeed + " but "
                        + plan.validationLoss0() + " with the run's seed: the task's validation split depends on config.seed;"
                        + " hold its split seed fixed in the task settings");
            }
            engines.put(batchSeed, e);
        }
        return e;
    }

    /** Both continuations along {@code d} (after {@link #prepare}). */
    ResponseRow respond(Direction d, double epsilon, long batchSeed) {
        if (plan == null) {
            throw new IllegalStateException("prepare the experiment first");
        }
        TriLevelEngine e = engine(batchSeed);
        long t0 = System.nanoTime();
        double plus = continueFrom(e, s0, shifted(s0.lambda, d.d(), epsilon));
        double minus = continueFrom(e, s0, shifted(s0.lambda, d.d(), -epsilon));
        return new ResponseRow(d.id(), d.kind(), epsilon, batchSeed, d.d(), plus, minus, (System.nanoTime() - t0) / 1e9);
    }

    private double continueFrom(TriLevelEngine e, StartState s0, double[] lambda) {
        s0.applyTo(e.state(), lambda);
        for (int i = 0; i < settings.horizon(); i++) {
            e.step();
        }
        return e.loss(Split.VALIDATION);
    }

    private static double[] shifted(double[] lambda, double[] d, double t) {
        double[] out = lambda.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] += t * d[i];
        }
        return out;
    }

    static Map<String, ResponseRow> readRows(Path file) throws IOException {
        Map<String, ResponseRow> rows = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return rows;
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 1; i < lines.size(); i++) {
            if (!lines.get(i).isBlank()) {
                ResponseRow r = ResponseRow.parse(lines.get(i), file + " line " + (i + 1));
                rows.put(r.key(), r);
            }
        }
        return rows;
    }

    private static void writeRows(Path file, Map<String, ResponseRow> rows) throws IOException {
        StringBuilder sb = new StringBuilder(ResponseRow.HEADER).append('\n');
        rows.values().forEach(r -> sb.append(r.csv()).append('\n'));
        AtomicFiles.writeString(file, sb.toString());
    }
}
