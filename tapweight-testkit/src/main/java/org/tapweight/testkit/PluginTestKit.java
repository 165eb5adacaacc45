package org.tapweight.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tapweight.api.hypergrad.HessianVectorProduct;
import org.tapweight.api.hypergrad.HypergradientStrategy;
import org.tapweight.api.hypergrad.Solution;
import org.tapweight.api.hypergrad.SolveContext;
import org.tapweight.api.model.Noise;
import org.tapweight.api.model.Split;
import org.tapweight.api.plugin.PluginProvider;
import org.tapweight.api.plugin.SettingSpec;
import org.tapweight.api.plugin.Settings;
import org.tapweight.api.weights.WeightMap;
import org.tapweight.core.assembly.RunAssembler;
import org.tapweight.core.config.Mode;
import org.tapweight.core.config.PluginRef;
import org.tapweight.core.config.RunConfig;
import org.tapweight.core.plugin.PluginRegistry;
import org.tapweight.core.run.RunDriver;
import org.tapweight.core.wiring.TapWeightModule;
import org.tapweight.nn.GradientCheck;

/**
 * The plug-in author's test kit, in the spirit of JUnit's {@code EngineTestKit}: each call runs a
 * plug-in through the framework's own machinery and returns a report that can be asserted.
 *
 * <ul>
 *   <li>{@link #checkObjectives} / {@link #checkTask}: finite-difference gradient checks, in double
 *       precision, of each objective's loss (encoder and head) and of the task loss (encoder and
 *       task head), on a run assembled from a config exactly as {@code tapweight run} assembles it,
 *       so an encoder plug-in is checked under every objective it will meet;</li>
 *   <li>{@link #checkWeightMap}: a weight map's vector-Jacobian product against finite differences;</li>
 *   <li>{@link #checkStrategy}: a hypergradient strategy's solve against the dense answer on a
 *       symmetric positive definite matrix of chosen size and condition number;</li>
 *   <li>{@link #checkProvider}: a provider's id, description, settings and service file;</li>
 *   <li>{@link #checkListener}: a run listener through a run that is stopped and resumed, and proof
 *       that it changes no number;</li>
 *   <li>{@link #run}: a short job through the framework's run driver.</li>
 * </ul>
 *
 * The plug-in's classes and its {@code META-INF/services} files must be on the test class path
 * (they are, in the plug-in's own Maven project), with an ND4J backend as a test dependency.
 */
public final class PluginTestKit {

    private static final double STEP = 1e-6;
    private static final int COORDINATES = 200;

    private PluginTestKit() {
    }

    /**
     * A small config for gradient checks: the task, the encoder and the objectives, batches of 6 at
     * both levels. Give the task and encoder small settings (e.g. a row limit, a narrow encoder).
     */
    public static RunConfig config(PluginRef task, PluginRef encoder, PluginRef... objectives) {
        RunConfig c = new RunConfig();
        c.task = task;
        c.encoder = encoder;
        c.objectives = List.of(objectives);
        c.levelI.batchSize = 6;
        c.levelII.batchSize = 6;
        return c;
    }

    /**
     * A small TapWeight run on the dense reference modality (a generated regression task of 120
     * examples, a one-layer tanh encoder of width 4, two objectives, 6 outer steps): for authors of
     * strategies and weight maps, whose plug-ins need a run but no particular data. Change what you
     * test (e.g. {@code levelIII.strategyI}, {@code weightMap}) and {@link #run} it.
     */
    public static RunConfig denseRun(String name) {
        RunConfig c = config(PluginRef.of("synthetic-regression", Map.of("examples", 120, "features", 5)),
                PluginRef.of("tanh-mlp", Map.of("hidden", 4)), PluginRef.of("auxiliary-target", Map.of("column", 1)),
                PluginRef.of("masked-feature"));
        c.name = name;
        c.mode = Mode.TAPWEIGHT;
        c.outerSteps = 6;
        return c;
    }

    /**
     * One gradient check per objective of {@code config}, each objective alone in its own assembled
     * run (so each check covers that objective's head and the encoder under it), with dropout on and
     * fixed noise. Runs in double precision (and restores the default types afterwards).
     */
    public static List<GradientReport> checkObjectives(RunConfig config) {
        List<GradientReport> reports = new ArrayList<>();
        List<PluginRef> all = config.objectives;
        try (DoublePrecision ignored = new DoublePrecision()) {
            for (PluginRef objective : all) {
                config.objectives = List.of(objective);
                RunAssembler.Assembly a = assemble(config);
                INDArray theta = Nd4j.zeros(DataType.DOUBLE, a.pretraining().layout().size());
                a.pretraining().initialize(theta, 3);
                perturb(theta, 5);
                Noise noise = Noise.of(21);
                double[] coefficient = {1.0};
                GradientCheck.Result r = GradientCheck.check(
                        (p, g) -> a.pretraining().evaluate(p, 1, noise, coefficient, g)[0], theta, STEP, COORDINATES, 7);
                reports.add(new GradientReport("objective '" + objective.id + "' on encoder '" + config.encoder.id + "'", r));
            }
        } finally {
            config.objectives = all;
        }
        return reports;
    }

    /** A gradient check of the task loss on the training split, with respect to the encoder and the task head. */
    public static GradientReport checkTask(RunConfig config) {
        Mode mode = config.mode;
        try (DoublePrecision ignored = new DoublePrecision()) {
            if (config.objectives == null || config.objectives.isEmpty()) {
                config.mode = Mode.FINETUNE; // a task alone is a valid run only without level I
            }
            RunAssembler.Assembly a = assemble(config);
            INDArray omega = Nd4j.zeros(DataType.DOUBLE, a.task().layout().size());
            a.task().initialize(omega, 5);
            perturb(omega, 6);
            GradientCheck.Result r = GradientCheck.check((p, g) -> a.task().evaluate(p, Split.TRAIN, 0, Noise.of(4), g),
                    omega, STEP, COORDINATES, 2);
            return new GradientReport("task '" + config.task.id + "' on encoder '" + config.encoder.id + "'", r);
        } finally {
            config.mode = mode;
        }
    }

    /**
     * Checks a weight map's vector-Jacobian product against central finite differences of its
     * weights, {@code g . (w(lambda + h e_i) - w(lambda - h e_i)) / 2h}, at {@code points} random
     * lambdas near its initial one (standard normal offsets) for {@code objectives} objectives, with
     * random g; also that the weights are finite and one per objective. The report's relative error
     * is the worst point's, its gradient norm the largest point's. Maps with kinks (e.g. sparsemax) are smooth at random points almost surely.
     */
    public static GradientReport checkWeightMap(String name, WeightMap map, int objectives, int points, long seed) {
        java.util.Random rnd = new java.util.Random(seed);
        double worst = 0;
        double worstAbs = 0;
        double norm = 0;
        double[] start = map.initialLambda(objectives);
        if (start.length != objectives || map.weights(start).length != objectives) {
            throw new AssertionError("weight map " + name + ": initialLambda or weights is not one per objective");
        }
        for (int point = 0; point < points; point++) {
            double[] lambda = start.clone();
            double[] g = new double[objectives];
            for (int k = 0; k < objectives; k++) {
                lambda[k] += rnd.nextGaussian();
                g[k] = rnd.nextGaussian();
            }
            for (double w : map.weights(lambda)) {
                if (!Double.isFinite(w)) {
                    throw new AssertionError("weight map " + name + ": non-finite weight at " + java.util.Arrays.toString(lambda));
                }
            }
            // The VJP is the gradient of <g, w(lambda)>: checked by the same finite differences as every model.
            GradientCheck.Result r = GradientCheck.check((p, out) -> {
                double[] l = p.toDoubleVector();
                double[] w = map.weights(l);
                if (out != null) {
                    out.assign(Nd4j.createFromArray(map.vectorJacobianProduct(l, g)));
                }
                double value = 0;
                for (int k = 0; k < objectives; k++) {
                    value += g[k] * w[k];
                }
                return value;
            }, Nd4j.createFromArray(lambda), STEP, objectives, seed);
            worst = Math.max(worst, r.relativeError());
            worstAbs = Math.max(worstAbs, r.maxAbsoluteError());
            norm = Math.max(norm, r.gradientNorm()); // a kinked map may be flat at some points, not at all
        }
        return new GradientReport("weight map " + name + " (" + objectives + " objectives, " + points + " points)",
                new GradientCheck.Result(worst, worstAbs, points * objectives, norm));
    }

    /**
     * Runs {@code config} to the end with the framework's run driver (as {@code tapweight run} does,
     * record and checkpoints in {@code dir}), in the current default precision, and returns its
     * summary; throws an {@link AssertionError} if a step's losses (those its mode computes) are not finite.
     */
    public static RunDriver.Summary run(RunConfig config, Path dir) {
        RunDriver driver = TapWeightModule.driver(config, dir);
        return driver.run(false, (step, engine) -> {
            boolean levelI = config.mode != Mode.FINETUNE;
            boolean levelII = config.mode != Mode.PRETRAIN;
            boolean finite = !levelII || Double.isFinite(step.taskLoss());
            for (double loss : step.objectiveLosses()) {
                finite &= !levelI || Double.isFinite(loss);
            }
            if (!finite) {
                throw new AssertionError("run '" + config.name + "': step " + step.step() + " has objective losses "
                        + java.util.Arrays.toString(step.objectiveLosses()) + " and task loss " + step.taskLoss());
            }
        }, -1);
    }

    /**
     * Drives a run listener as the framework does: a dense run of 10 outer steps (checkpoint every 5)
     * stopped after 7 and resumed, each attempt with a fresh listener from {@code provider} (with
     * {@code settings}, writing below {@code dir}). Fails when the listener throws, when the calls do
     * not come in the framework's order (started, steps, finished, close), or when the run's weights or
     * metrics differ from the same run without a listener. Returns what it heard, for the author's own
     * assertions (e.g. on the files it wrote).
     */
    @SuppressWarnings("unchecked")
    public static ListenerReport checkListener(org.tapweight.api.listen.RunListenerProvider provider, Map<String, ?> settings,
                                               Path dir) {
        Settings resolved = Settings.resolve("run listener '" + provider.id() + "'", provider.settings(), settings);
        List<String> calls = new ArrayList<>();
        List<List<Integer>> steps = new ArrayList<>();
        Map<String, Double>[] finalMetrics = new Map[1];
        RunConfig config = denseRun("listener-check");
        config.outerSteps = 10;
        config.checkpointEvery = 5;
        Path runDir = dir.resolve("run");
        for (int attempt = 0; attempt < 2; attempt++) {
            List<Integer> heard = new ArrayList<>();
            steps.add(heard);
            org.tapweight.api.listen.RunListener listener = provider.create(resolved, runDir);
            RunDriver driver = TapWeightModule.driver(config, runDir);
            driver.setListeners(List.of(new org.tapweight.api.listen.RunListener() {
                @Override
                public void started(org.tapweight.api.listen.RunStart start) {
                    calls.add("started@" + start.firstStep());
                    listener.started(start);
                }

                @Override
                public void step(org.tapweight.api.listen.StepReport step) {
                    calls.add("step " + step.step());
                    heard.add(step.step());
                    listener.step(step);
                }

                @Override
                public void finished(int step, Map<String, Double> metrics) {
                    calls.add("finished@" + step);
                    finalMetrics[0] = metrics;
                    listener.finished(step, metrics);
                }

                @Override
                public void close() {
                    calls.add("close");
                    listener.close();
                }
            }));
            RunDriver.Summary s = driver.run(attempt == 1, null, attempt == 0 ? 7 : -1);
            if (attempt == 1) {
                RunDriver.Summary without = TapWeightModule.driver(config, dir.resolve("without-listener")).run(false, null, -1);
                if (!java.util.Arrays.equals(s.weights(), without.weights()) || !s.test().equals(without.test())) {
                    throw new AssertionError("run listener '" + provider.id() + "' changed the run: weights "
                            + java.util.Arrays.toString(s.weights()) + " vs " + java.util.Arrays.toString(without.weights()));
                }
            }
        }
        List<String> expected = new ArrayList<>(List.of("started@0"));
        for (int k = 1; k <= 7; k++) {
            expected.add("step " + k);
        }
        expected.addAll(List.of("close", "started@5"));
        for (int k = 6; k <= 10; k++) {
            expected.add("step " + k);
        }
        expected.addAll(List.of("finished@10", "close"));
        if (!calls.equals(expected)) {
            throw new AssertionError("run listener '" + provider.id() + "' heard " + calls + ", expected " + expected);
        }
        return new ListenerReport(List.copyOf(calls), List.copyOf(steps), finalMetrics[0]);
    }

    /**
     * Solves {@code H x = v} with {@code strategy} for a random symmetric positive definite H of size
     * {@code dimension} whose eigenvalues run geometrically from 1 to {@code conditionNumber}, and
     * compares x with the dense answer of the system the solution says it solved ({@code H + d I},
     * d its reported damping). The Hessian-vector products are counted.
     */
    public static StrategyReport checkStrategy(String name, HypergradientStrategy strategy, SolveContext context,
                                               int dimension, double conditionNumber, long seed) {
        try (DoublePrecision ignored = new DoublePrecision()) {
            SpdMatrix h = SpdMatrix.random(dimension, conditionNumber, seed);
            double[] v = new java.util.Random(seed + 1).doubles(dimension).map(x -> 2 * x - 1).toArray();
            int[] products = {0};
            HessianVectorProduct hvp = new HessianVectorProduct() {
                @Override
                public int dimension() {
                    return dimension;
                }

                @Override
                public void apply(INDArray in, INDArray out) {
                    products[0]++;
                    out.assign(Nd4j.createFromArray(h.times(in.toDoubleVector())));
                }
            };
            Solution s = strategy.solve(hvp, Nd4j.createFromArray(v), null, context);
            double[] x = s.x().toDoubleVector();
            double[] exact = h.solve(v, s.damping());
            double[] hx = h.times(x);
            double residual = 0;
            double vNorm = 0;
            double error = 0;
            double exactNorm = 0;
            for (int i = 0; i < dimension; i++) {
                residual += (v[i] - hx[i]) * (v[i] - hx[i]);
                vNorm += v[i] * v[i];
                error += (x[i] - exact[i]) * (x[i] - exact[i]);
                exactNorm += exact[i] * exact[i];
            }
            return new StrategyReport(name, Math.sqrt(error / exactNorm), s.undampedResidual(), Math.sqrt(residual / vNorm),
                    s.hvpCount(), products[0]);
        }
    }

    /**
     * Checks what every provider needs: an id of lower-case letters, digits and dashes; a one-line
     * description; settings with unique names whose defaults resolve; and that its class is listed
     * in a {@code META-INF/services} file of its provider interface, so {@link ServiceLoader} (and
     * {@code --plugins}) finds it. Throws an {@link AssertionError} naming what is wrong.
     */
    public static void checkProvider(PluginProvider provider) {
        String id = provider.id();
        require(id != null && id.matches("[a-z0-9][a-z0-9-]*"), provider, "id '" + id
                + "' must be lower-case letters, digits and dashes");
        String description = provider.description();
        require(description != null && !description.isBlank() && !description.contains("\n"), provider,
                "needs a one-line description");
        Set<String> names = new HashSet<>();
        for (SettingSpec spec : provider.settings()) {
            require(names.add(spec.name()), provider, "setting '" + spec.name() + "' is declared twice");
            require(spec.description() != null && !spec.description().isBlank(), provider,
                    "setting '" + spec.name() + "' needs a description");
        }
        try {
            Settings.resolve(id, provider.settings(), Map.of());
        } catch (RuntimeException e) {
            throw new AssertionError(provider.getClass().getName() + ": its default settings do not resolve: "
                    + e.getMessage(), e);
        }
        Class<? extends PluginProvider> kind = null;
        for (PluginRegistry.Kind k : PluginRegistry.Kind.values()) {
            if (k.type().isInstance(provider)) {
                kind = k.type();
            }
        }
        require(kind != null, provider, "implements none of the provider interfaces " + List.of(PluginRegistry.Kind.values()));
        ClassLoader loader = provider.getClass().getClassLoader();
        require(listed(loader, kind, provider.getClass().getName()), provider, "is not listed in META-INF/services/"
                + kind.getName());
        boolean found = false;
        for (PluginProvider p : ServiceLoader.load(kind, loader)) {
            found |= p.getClass() == provider.getClass();
        }
        require(found, provider, "is listed but ServiceLoader cannot instantiate it (a public no-argument constructor?)");
    }

    private static boolean listed(ClassLoader loader, Class<?> kind, String className) {
        try {
            for (URL url : Collections.list(loader.getResources("META-INF/services/" + kind.getName()))) {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(url.openStream(), StandardCharsets.UTF_8))) {
                    for (String line = r.readLine(); line != null; line = r.readLine()) {
                        int hash = line.indexOf('#');
                        if ((hash < 0 ? line : line.substring(0, hash)).trim().equals(className)) {
                            return true;
                        }
                    }
                }
            }
            return false;
        } catch (IOException e) {
            throw new AssertionError("cannot read the service files of " + kind.getName(), e);
        }
    }

    private static void require(boolean ok, PluginProvider provider, String message) {
        if (!ok) {
            throw new AssertionError(provider.getClass().getName() + ": " + message);
        }
    }

    private static RunAssembler.Assembly assemble(RunConfig config) {
        return new RunAssembler(PluginRegistry.load()).assemble(config);
    }

    /** Small seeded noise, so that zero-initialised biases and tables do not hide a wrong gradient. */
    private static void perturb(INDArray params, long seed) {
        java.util.Random rnd = new java.util.Random(seed);
        for (long i = 0; i < params.length(); i++) {
            params.putScalar(i, params.getDouble(i) + 0.01 * rnd.nextGaussian());
        }
    }

    /** Double precision for the duration of a check; the previous default types come back after. */
    private static final class DoublePrecision implements AutoCloseable {
        private final DataType previous = Nd4j.dataType();

        DoublePrecision() {
            Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        }

        @Override
        public void close() {
            Nd4j.setDefaultDataTypes(previous, previous);
        }
    }
}
