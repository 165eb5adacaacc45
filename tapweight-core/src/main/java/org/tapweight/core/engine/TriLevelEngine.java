package org.tapweight.core.engine;

import org.tapweight.nn.Seeds;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tapweight.api.balance.BalancerSignals;
import org.tapweight.api.balance.LossBalancer;
import org.tapweight.api.hypergrad.HypergradientStrategy;
import org.tapweight.api.hypergrad.Solution;
import org.tapweight.api.model.Noise;
import org.tapweight.api.model.PretrainingModel;
import org.tapweight.api.model.Split;
import org.tapweight.api.model.TaskModel;
import org.tapweight.api.plugin.ConfigurationException;
import org.tapweight.api.weights.WeightMap;
import org.tapweight.core.config.Mode;
import org.tapweight.core.config.RunConfig;
import org.tapweight.core.engine.HypergradientChain.Probe;
import org.tapweight.core.model.L2RegularisedPretrainingModel;
import org.tapweight.core.model.L2RegularisedTaskModel;
import org.tapweight.core.optim.LevelOptimizer;
import org.tapweight.hypergrad.FiniteDifferenceHvp;
import org.tapweight.nn.Vectors;

/**
 * The online, warm-started alternation of the three levels. Each outer step takes
 * {@code levelI.steps} steps on {@code sum_k w_k L_k}, {@code levelII.steps} steps on
 * {@code L_task + gamma ||omega_enc - theta_enc||^2}, and every {@code levelIII.interval} steps one
 * update of lambda by the implicit hypergradient. The baselines are modes of the same loop
 * (see {@link Mode}). Every batch and random draw is a function of (seed, step), so a run resumed
 * from an {@link EngineState} continues exactly as an uninterrupted one.
 */
public final class TriLevelEngine {

    private final RunConfig config;
    private final PretrainingModel pretraining;
    private final TaskModel task;
    private final WeightMap weightMap;
    private final LossBalancer balancer;
    private final BalancerSignalSource balancerSignals;
    private final HypergradientStrategy strategyI;
    private final HypergradientStrategy strategyII;
    private final HypergradientChain chain;
    private final JointModel joint;
    private final DataType dataType;
    private final int encoderSize;
    private final double[] fixedWeights;
    private final EngineState state;
    private final DivergenceGuard guard;
    private final Set<Integer> loadedHeads;
    private final int headWarmupSteps;
    // Reused buffers.
    private final INDArray gradI;
    private final INDArray gradII;
    private LevelThreeObserver observer;
    private boolean lambdaFrozen;

    public TriLevelEngine(RunConfig config, PretrainingModel pretraining, TaskModel task, WeightMap weightMap,
                          HypergradientStrategy strategyI, HypergradientStrategy strategyII) {
        this(config, pretraining, task, weightMap, strategyI, strategyII, null);
    }

    /**
     * @param pretraining    level I's model without regulariser: the engine adds {@code levelI.l2} itself
     *                       (and {@code levelII.l2} to {@code task}), so that its steps, the bi-level joint
     *                       model and every Hessian of the chain see one loss
     * @param task           level II's model without regulariser
     * @param initialEncoder parameters that replace the seeded encoder of both levels (a base
     *                       encoder), or null
     */
    public TriLevelEngine(RunConfig config, PretrainingModel pretraining, TaskModel task, WeightMap weightMap,
                          HypergradientStrategy strategyI, HypergradientStrategy strategyII, INDArray initialEncoder) {
        this(config, pretraining, task, weightMap, strategyI, strategyII, initialEncoder, Map.of());
    }

    /**
     * @param initialEncoder parameters that replace the seeded encoder of both levels (a base
     *                       encoder), or null
     * @param initialHeads   trained objective heads by objective index, replacing their seeded
     *                       initialisation (those of the base encoder's file that match this run), or null
     */
    public TriLevelEngine(RunConfig config, PretrainingModel pretraining, TaskModel task, WeightMap weightMap,
                          HypergradientStrategy strategyI, HypergradientStrategy strategyII, INDArray initialEncoder,
                          Map<Integer, INDArray> initialHeads) {
        this(config, pretraining, task, weightMap, strategyI, strategyII, initialEncoder, initialHeads, null);
    }

    /**
     * @param balancer the loss balancer that sets the weights in mode BALANCED (required there,
     *                 refused in every other mode)
     */
    public TriLevelEngine(RunConfig config, PretrainingModel pretraining, TaskModel task, WeightMap weightMap,
                          HypergradientStrategy strategyI, HypergradientStrategy strategyII, INDArray initialEncoder,
                          Map<Integer, INDArray> initialHeads, LossBalancer balancer) {
        this.config = config.validate();
        if ((config.mode == Mode.BALANCED) != (balancer != null)) {
            throw new ConfigurationException(config.mode == Mode.BALANCED ? "mode BALANCED needs a loss balancer"
                    : "a loss balancer was given but mode " + config.mode + " does not use one (mode BALANCED does)");
        }
        this.balancer = balancer;
        pretraining = L2RegularisedPretrainingModel.of(pretraining, config.levelI.l2);
        task = L2RegularisedTaskModel.of(task, config.levelII.l2);
        this.pretraining = pretraining;
        this.task = task;
        this.balancerSignals = new BalancerSignalSource(pretraining, task);
        this.weightMap = weightMap;
        this.strategyI = strategyI;
        this.strategyII = strategyII;
        this.dataType = config.dataType.equals("float") ? DataType.FLOAT : DataType.DOUBLE;
        this.encoderSize = pretraining.layout().encoderSize();
        if (task.layout().encoderSize() != encoderSize) {
            throw new ConfigurationException("the pretraining model's encoder has " + encoderSize
                    + " parameters but the task model's has " + task.layout().encoderSize() + "; they must share one encoder");
        }
        this.chain = new HypergradientChain(pretraining, task, weightMap, strategyI, strategyII,
                config.levelIII.epsilon(config.dataType));
        this.joint = config.mode == Mode.BILEVEL ? new JointModel(pretraining, task, dataType) : null;
        this.fixedWeights = fixedWeights(config, pretraining.objectiveIds());
        this.state = initialState(initialEncoder);
        this.guard = new DivergenceGuard(config.divergenceOrDefault(), state);
        Map<Integer, INDArray> heads = initialHeads == null ? Map.of() : initialHeads;
        this.loadedHeads = new TreeSet<>(heads.keySet());
        loadHeads(heads);
        this.headWarmupSteps = config.mode == Mode.FINETUNE || initialEncoder == null
                || loadedHeads.size() == pretraining.objectiveIds().size() ? 0 : config.headWarmupStepsOrDefault();
        if (config.mode == Mode.TAPWEIGHT || config.mode == Mode.BILEVEL) {
            strategyI.checkUsableWith(state.optimizerI.solveContext());
            if (config.mode == Mode.TAPWEIGHT) {
                strategyII.checkUsableWith(state.optimizerII.solveContext());
            }
        }
        this.gradI = Nd4j.zeros(dataType, state.theta.length());
        this.gradII = Nd4j.zeros(dataType, task.layout().size());
    }

    private static double[] fixedWeights(RunConfig config, List<String> ids) {
        double[] w = new double[ids.size()];
        if (config.fixedWeights == null || config.fixedWeights.isEmpty()) {
            Arrays.fill(w, 1.0 / Math.max(1, ids.size()));
            return w;
        }
        for (String id : config.fixedWeights.keySet()) {
            if (!ids.contains(id)) {
                throw new ConfigurationException("fixedWeights names objective '" + id + "', which is not in this run; objectives: " + ids);
            }
        }
        double sum = 0;
        for (int i = 0; i < w.length; i++) {
            w[i] = config.fixedWeights.getOrDefault(ids.get(i), 0.0);
            sum += w[i];
        }
        if (sum <= 0) {
            throw new ConfigurationException("fixedWeights are all zero: give at least one objective a positive weight");
        }
        for (int i = 0; i < w.length; i++) {
            w[i] /= sum; // on the simplex, like the learned weights, so every method has the same loss scale
        }
        return w;
    }

    private EngineState initialState(INDArray initialEncoder) {
        EngineState s = new EngineState();
        INDArray theta = Nd4j.zeros(dataType, pretraining.layout().size());
        pretraining.initialize(theta, Seeds.derive(config.seed, "init-I", 0));
        if (initialEncoder != null) {
            if (initialEncoder.length() != encoderSize) {
                throw new ConfigurationException("the initial encoder has " + initialEncoder.length()
                        + " parameters but this run's encoder has " + encoderSize + "; use the encoder settings it was trained with");
            }
            theta.get(Vectors.range(0, encoderSize)).assign(initialEncoder.castTo(dataType));
        }
        INDArray omega = Nd4j.zeros(dataType, task.layout().size());
        task.initialize(omega, Seeds.derive(config.seed, "init-II", 0));
        if (encoderSize > 0) {
            omega.get(Vectors.range(0, encoderSize)).assign(theta.get(Vectors.range(0, encoderSize)));
        }
        if (config.mode == Mode.BILEVEL) {
            INDArray phi = Nd4j.zeros(dataType, joint.size());
            joint.levelIView(phi).assign(theta);
            joint.setTaskHead(phi, omega);
            s.theta = phi;
            s.omega = null;
        } else {
            s.theta = theta;
            s.omega = omega;
        }
        int objectives = pretraining.objectiveIds().size();
        s.lambda = balancer != null ? balancer.initialState(objectives) : weightMap.initialLambda(objectives);
        checkWeights(0, s.lambda);
        s.optimizerI = new LevelOptimizer(config.levelI.optimizer, s.theta.length(), dataType);
        s.optimizerII = new LevelOptimizer(config.levelII.optimizer, omega.length(), dataType);
        s.optimizerIII = new LevelOptimizer(config.levelIII.optimizer, s.lambda.length, DataType.DOUBLE);
        return s;
    }

    /** Writes carried-over heads into level I's parameters (the joint model's level-I view in BILEVEL mode). */
    private void loadHeads(Map<Integer, INDArray> heads) {
        INDArray levelI = levelIParameters();
        for (Map.Entry<Integer, INDArray> e : heads.entrySet()) {
            org.tapweight.api.model.ParameterLayout.Segment seg = pretraining.layout().heads().get(e.getKey());
            if (e.getValue().length() != seg.length()) {
                throw new ConfigurationException("the initial head of objective '" + seg.name() + "' has "
                        + e.getValue().length() + " parameters but this run's head has " + seg.length());
            }
            levelI.get(Vectors.range(seg.offset(), seg.offset() + seg.length())).assign(e.getValue().castTo(dataType));
        }
    }

    /** Level I's parameters (encoder, then objective heads): theta, or the joint model's view of it. */
    private INDArray levelIParameters() {
        return config.mode == Mode.BILEVEL ? joint.levelIView(state.theta) : state.theta;
    }

    /** A copy of level I's parameters (encoder, then one head per objective, see {@link PretrainingModel#layout()}). */
    public INDArray levelIParameterCopy() {
        return levelIParameters().dup();
    }

    /**
     * How the objective heads start: which were carried over from the initial encoder's file
     * ({@code loaded}), which start from their seeded initialisation ({@code initialised}), and how
     * many warm-up steps {@link #warmUpHeads()} takes on the latter (0 without an initial encoder:
     * then the encoder is untrained too).
     */
    public Map<String, Object> headStart() {
        List<String> loaded = new ArrayList<>();
        List<String> initialised = new ArrayList<>();
        for (int k = 0; k < pretraining.objectiveIds().size(); k++) {
            (loadedHeads.contains(k) ? loaded : initialised).add(pretraining.objectiveIds().get(k));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("loaded", loaded);
        m.put("initialised", initialised);
        m.put("warmupSteps", headWarmupSteps);
        return m;
    }

    /** The warm-up steps {@link #warmUpHeads()} takes. */
    public int headWarmupSteps() {
        return headWarmupSteps;
    }

    /**
     * Trains the heads that were not carried over for {@link #headWarmupSteps()} level-I steps,
     * encoder and carried-over heads frozen (see {@link HeadWarmup}). Call once, before the first
     * step of a fresh run, never on a resumed one ({@link org.tapweight.core.run.RunDriver} does).
     *
     * @return the first and last warm-up losses, or null when there is nothing to warm up
     */
    public Map<String, Object> warmUpHeads() {
        if (headWarmupSteps == 0) {
            return null;
        }
        if (state.step != 0) {
            throw new IllegalStateException("head warm-up after step " + state.step + ": it belongs before the first step");
        }
        List<Integer> trainable = new ArrayList<>();
        for (int k = 0; k < pretraining.objectiveIds().size(); k++) {
            if (!loadedHeads.contains(k)) {
                trainable.add(k);
            }
        }
        return HeadWarmup.run(pretraining, levelIParameters(), trainable, headWarmupSteps, config.levelI.optimizer,
                config.seed).toMap();
    }

    public EngineState state() {
        return state;
    }

    public RunConfig config() {
        return config;
    }

    public PretrainingModel pretrainingModel() {
        return pretraining;
    }

    public TaskModel taskModel() {
        return task;
    }

    /** The weights level I uses now. */
    public double[] currentWeights() {
        return config.mode == Mode.FIXED || config.mode == Mode.PRETRAIN ? fixedWeights.clone()
                : checkWeights(state.step, state.lambda);
    }

    /** The parameters of the model the task sees: omega, or the joint model's task view in BILEVEL mode. */
    public INDArray taskParameters() {
        return config.mode == Mode.BILEVEL ? joint.taskView(state.theta).dup() : state.omega;
    }

    /** The encoder that later finetuning starts from: theta's (level I), or omega's in FINETUNE mode. */
    public INDArray encoderParameters() {
        INDArray source = config.mode == Mode.FINETUNE ? state.omega : state.theta;
        return source.get(Vectors.range(0, encoderSize));
    }

    /** The task loss of the current model on a whole split (no noise). */
    public double loss(Split split) {
        return task.evaluate(taskParameters(), split, org.tapweight.api.model.TaskModel.WHOLE_SPLIT, Noise.NONE, null);
    }

    private double[] checkWeights(int step, double[] lambda) {
        double[] w = balancer != null ? balancer.weights(lambda) : weightMap.weights(lambda);
        for (double x : w) {
            if (!Double.isFinite(x)) {
                throw new DivergenceException(step, (balancer != null ? "the loss balancer '" + config.balancer.id
                        : "the weight map '" + config.weightMap.id) + "' gave non-finite weights "
                        + Arrays.toString(w) + " for lambda " + Arrays.toString(lambda));
            }
        }
        return w;
    }

    /** Runs outer steps until {@code outerSteps} are done, reporting each to {@code listener}. */
    public void run(StepListener listener) {
        while (state.step < config.outerSteps) {
            StepResult r = step();
            listener.onStep(r, this);
        }
    }

    /** One outer step. A non-finite Hessian-vector product in a solve is a divergence, like a NaN loss. */
    public StepResult step() {
        try {
            return config.mode == Mode.BILEVEL ? bilevelStep() : triLevelStep();
        } catch (ArithmeticException e) {
            throw new DivergenceException(state.step, "hypergradient: " + e.getMessage());
        }
    }

    private Probe probe(String level, long batchIndex) {
        return new Probe(batchIndex, Noise.of(Seeds.derive(config.seed, level, batchIndex)));
    }

    private long validationBatch(int step) {
        return config.levelIII.validationBatchSize == 0 ? TaskModel.WHOLE_SPLIT : step;
    }

    private StepResult triLevelStep() {
        int s = state.step;
        double[] w = currentWeights();
        long t0 = System.nanoTime();
        double[] objectiveLosses = new double[w.length];
        Arrays.fill(objectiveLosses, Double.NaN);
        Probe probeI = null;
        if (config.mode != Mode.FINETUNE) {
            for (int i = 0; i < config.levelI.steps; i++) {
                probeI = probe("I", (long) s * config.levelI.steps + i);
                objectiveLosses = pretraining.evaluate(state.theta, probeI.batchIndex(), probeI.noise(), w, gradI);
                for (int k = 0; k < objectiveLosses.length; k++) {
                    guard.checkLoss(s, "level I loss of objective '" + pretraining.objectiveIds().get(k) + "'", objectiveLosses[k]);
                }
                DivergenceGuard.checkGradient(s, "the level I gradient", gradI);
                state.optimizerI.step(state.theta, gradI);
            }
        }
        long t1 = System.nanoTime();
        double taskLoss = Double.NaN;
        Probe probeII = null;
        int stepsII = config.mode == Mode.PRETRAIN ? 0 : config.levelII.steps;
        for (int i = 0; i < stepsII; i++) {
            probeII = probe("II", (long) s * config.levelII.steps + i);
            taskLoss = task.evaluate(state.omega, Split.TRAIN, probeII.batchIndex(), probeII.noise(), gradII);
            guard.checkLoss(s, "level II task loss", taskLoss);
            DivergenceGuard.checkGradient(s, "the level II gradient", gradII);
            addProximalGradient(state.omega, gradII);
            state.optimizerII.step(state.omega, gradII);
        }
        long t2 = System.nanoTime();
        HypergradientChain.Result h = null;
        double[] lambdaBefore = state.lambda.clone();
        Probe observedI = null;
        Probe observedII = null;
        if (config.mode == Mode.TAPWEIGHT && !lambdaFrozen && (s + 1) % config.levelIII.interval == 0) {
            // The Hessians are probed on the last batches the levels trained on (or the next ones if a level took no step).
            Probe pI = probeI != null ? probeI : probe("I", (long) s * config.levelI.steps);
            Probe pII = probeII != null ? probeII : probe("II", (long) s * config.levelII.steps);
            boolean warm = config.levelIII.warmStart;
            h = chain.compute(state.lambda, state.theta, state.omega, config.gamma, pI, pII, validationBatch(s),
                    state.optimizerI.solveContext(), state.optimizerII.solveContext(),
                    warm && strategyI.supportsWarmStart() ? state.warmI : null,
                    warm && strategyII.supportsWarmStart() ? state.warmII : null);
            guard.checkLoss(s, "validation loss", h.validationLoss());
            observedI = pI;
            observedII = pII;
            updateLambda(s, h.hypergradient());
            if (warm) {
                state.warmI = strategyI.supportsWarmStart() ? h.solutionI() : null;
                state.warmII = strategyII.supportsWarmStart() ? h.solutionII() : null;
            }
        }
        double[] balancerGradient = null;
        if (config.mode == Mode.BALANCED) {
            if (state.initialLosses == null) {
                state.initialLosses = objectiveLosses.clone();
            }
            if ((s + 1) % config.levelIII.interval == 0) {
                Probe pI = probeI != null ? probeI : probe("I", (long) s * config.levelI.steps);
                Probe pII = probeII != null ? probeII : probe("II", (long) s * config.levelII.steps);
                BalancerSignals signals = balancerSignals.signals(state, objectiveLosses, pI, pII, balancer.needsGradients());
                balancerGradient = balancer.gradient(state.lambda.clone(), signals);
                updateLambda(s, balancerGradient);
            }
        }
        long t3 = System.nanoTime();
        if (h != null && observer != null) {
            observer.observe(s, lambdaBefore, state.theta, state.omega, observedI, observedII, validationBatch(s), h);
        }
        state.step++;
        if (balancerGradient != null) {
            int gradients = balancer.needsGradients() ? objectiveLosses.length + 1 : 0;
            return result(s, objectiveLosses, w, taskLoss, Double.NaN, balancerGradient, null, null, gradients, t0, t1, t2, t3);
        }
        return result(s, objectiveLosses, w, taskLoss, h == null ? Double.NaN : h.validationLoss(),
                h == null ? null : h.hypergradient(), h == null ? null : h.solveI(), h == null ? null : h.solveII(),
                h == null ? 0 : h.gradientEvaluations(), t0, t1, t2, t3);
    }

    /** {@code grad_enc += 2 gamma (omega_enc - theta_enc)}. */
    private void addProximalGradient(INDArray omega, INDArray grad) {
        if (encoderSize == 0 || config.gamma == 0) {
            return;
        }
        INDArray g = grad.get(Vectors.range(0, encoderSize));
        Vectors.axpy(2 * config.gamma, omega.get(Vectors.range(0, encoderSize)), g);
        Vectors.axpy(-2 * config.gamma, state.theta.get(Vectors.range(0, encoderSize)), g);
    }

    private void updateLambda(int step, double[] hypergradient) {
        for (double g : hypergradient) {
            requireFinite(step, g, "hypergradient");
        }
        INDArray lambda = Nd4j.createFromArray(state.lambda.clone());
        INDArray grad = Nd4j.createFromArray(hypergradient.clone());
        state.optimizerIII.step(lambda, grad);
        state.lambda = lambda.toDoubleVector();
        checkWeights(step, state.lambda);
    }

    private StepResult bilevelStep() {
        int s = state.step;
        double[] w = currentWeights();
        long t0 = System.nanoTime();
        JointModel.Losses losses = null;
        Probe probeI = null;
        Probe probeII = null;
        for (int i = 0; i < config.levelI.steps; i++) {
            probeI = probe("I", (long) s * config.levelI.steps + i);
            probeII = probe("II", (long) s * config.levelI.steps + i);
            losses = joint.evaluate(state.theta, w, probeI, probeII, gradI);
            for (int k = 0; k < losses.objectives().length; k++) {
                guard.checkLoss(s, "loss of objective '" + pretraining.objectiveIds().get(k) + "'", losses.objectives()[k]);
            }
            guard.checkLoss(s, "task loss", losses.task());
            DivergenceGuard.checkGradient(s, "the joint model's gradient", gradI);
            state.optimizerI.step(state.theta, gradI);
        }
        long t1 = System.nanoTime();
        double valLoss = Double.NaN;
        double[] hypergradient = null;
        Solution solve = null;
        if ((s + 1) % config.levelIII.interval == 0) {
            Probe pI = probeI != null ? probeI : probe("I", (long) s * config.levelI.steps);
            Probe pII = probeII != null ? probeII : probe("II", (long) s * config.levelI.steps);
            INDArray v = Vectors.zerosLike(state.theta);
            valLoss = joint.validation(state.theta, validationBatch(s), v);
            guard.checkLoss(s, "validation loss", valLoss);
            FiniteDifferenceHvp hessian = new FiniteDifferenceHvp(
                    (p, out) -> joint.evaluate(p, w, pI, pII, out), state.theta, config.levelIII.epsilon(config.dataType));
            boolean warm = config.levelIII.warmStart && strategyI.supportsWarmStart();
            Solution z = strategyI.solve(hessian, v, warm ? state.warmI : null, state.optimizerI.solveContext());
            state.warmI = warm ? z.x() : null;
            double[] a = HypergradientChain.directionalDerivatives(pretraining, joint.levelIView(state.theta),
                    joint.levelIView(z.x()), pI, config.levelIII.epsilon(config.dataType));
            hypergradient = weightMap.vectorJacobianProduct(state.lambda, a);
            for (int i = 0; i < hypergradient.length; i++) {
                hypergradient[i] = -hypergradient[i];
            }
            updateLambda(s, hypergradient);
            solve = z;
        }
        long t2 = System.nanoTime();
        state.step++;
        return result(s, losses == null ? nanArray(w.length) : losses.objectives(), w,
                losses == null ? Double.NaN : losses.task(), valLoss, hypergradient, solve, null,
                solve == null ? 0 : 1 + 2 * solve.hvpCount(), t0, t1, t1, t2);
    }

    private static double[] nanArray(int n) {
        double[] a = new double[n];
        Arrays.fill(a, Double.NaN);
        return a;
    }

    /** @param solveI level I's solve, or null where none ran (likewise {@code solveII}) */
    private StepResult result(int s, double[] objectiveLosses, double[] w, double taskLoss, double valLoss,
                              double[] hypergradient, Solution solveI, Solution solveII, int gradients,
                              long t0, long t1, long t2, long t3) {
        double norm = Double.NaN;
        if (hypergradient != null) {
            double sq = 0;
            for (double g : hypergradient) {
                sq += g * g;
            }
            norm = Math.sqrt(sq);
        }
        return new StepResult(s, objectiveLosses.clone(), w, taskLoss, valLoss, hypergradient, norm, state.lambda.clone(),
                solveI == null ? 0 : solveI.hvpCount(), solveII == null ? 0 : solveII.hvpCount(), gradients,
                solveI == null ? Double.NaN : solveI.relativeResidual(), solveII == null ? Double.NaN : solveII.relativeResidual(),
                solveI == null ? Double.NaN : solveI.undampedResidual(), solveII == null ? Double.NaN : solveII.undampedResidual(),
                solveI == null ? Double.NaN : solveI.damping(), solveII == null ? Double.NaN : solveII.damping(),
                (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6);
    }

    private static void requireFinite(int step, double value, String what) {
        if (!Double.isFinite(value)) {
            throw new DivergenceException(step, what + " is " + value);
        }
    }

    /**
     * Sees every level-III update at the point it was computed (for diagnostics such as comparing the
     * hypergradient with a more exact one); called after the step's timings are taken.
     */
    @FunctionalInterface
    public interface LevelThreeObserver {
        void observe(int step, double[] lambdaBefore, INDArray theta, INDArray omega, Probe probeI, Probe probeII,
                     long validationBatch, HypergradientChain.Result result);
    }

    public void setLevelThreeObserver(LevelThreeObserver observer) {
        this.observer = observer;
    }

    /**
     * Freezes lambda (TAPWEIGHT mode only): outer steps then run levels I and II with the weights
     * {@code w(state.lambda)} and skip level III entirely (no hypergradient, no lambda update), e.g.
     * to measure how the validation loss responds to a fixed change of lambda ({@code tapweight response}).
     */
    public void freezeLambda() {
        if (config.mode != Mode.TAPWEIGHT) {
            throw new IllegalStateException("freezeLambda needs mode TAPWEIGHT (currentWeights() = w(lambda)), this engine runs "
                    + config.mode);
        }
        this.lambdaFrozen = true;
    }

    /** Receives each finished outer step. */
    @FunctionalInterface
    public interface StepListener {
        void onStep(StepResult result, TriLevelEngine engine);
    }
}
