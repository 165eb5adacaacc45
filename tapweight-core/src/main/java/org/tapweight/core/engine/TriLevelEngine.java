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
import org.tapweight.api.balance.LossBalancer;
import org.tapweight.api.hypergrad.HypergradientStrategy;
import org.tapweight.api.model.Noise;
import org.tapweight.api.model.PretrainingModel;
import org.tapweight.api.model.Split;
import org.tapweight.api.model.TaskModel;
import org.tapweight.api.plugin.ConfigurationException;
import org.tapweight.api.weights.WeightMap;
import org.tapweight.core.config.Mode;
import org.tapweight.core.config.RunConfig;
import org.tapweight.core.model.L2RegularisedPretrainingModel;
import org.tapweight.core.model.L2RegularisedTaskModel;
import org.tapweight.core.optim.LevelOptimizer;
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
    private final JointModel joint;
    private final DataType dataType;
    private final int encoderSize;
    private final double[] fixedWeights;
    private final EngineState state;
    private final DivergenceGuard guard;
    private final Set<Integer> loadedHeads;
    private final int headWarmupSteps;
    private final Schedule schedule;
    private final PretrainingLevel pretrainingLevel;
    private final TaskLevel taskLevel;
    private final JointLevel jointLevel;
    private final WeightUpdate update;
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
        this.weightMap = weightMap;
        this.dataType = config.dataType.equals("float") ? DataType.FLOAT : DataType.DOUBLE;
        this.encoderSize = pretraining.layout().encoderSize();
        if (task.layout().encoderSize() != encoderSize) {
            throw new ConfigurationException("the pretraining model's encoder has " + encoderSize
                    + " parameters but the task model's has " + task.layout().encoderSize() + "; they must share one encoder");
        }
        HypergradientChain chain = new HypergradientChain(pretraining, task, weightMap, strategyI, strategyII,
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
        this.schedule = Schedule.of(config.mode);
        Probes probes = new Probes(config.seed);
        INDArray gradI = Nd4j.zeros(dataType, state.theta.length()); // buffers reused by every step
        this.pretrainingLevel = new PretrainingLevel(pretraining, config.levelI.steps, guard, probes, gradI);
        this.taskLevel = new TaskLevel(task, config.levelII.steps, config.gamma, guard, probes,
                Nd4j.zeros(dataType, task.layout().size()));
        this.jointLevel = joint == null ? null : new JointLevel(joint, config, guard, probes, gradI, pretraining.objectiveIds());
        this.update = switch (config.mode) {
            case TAPWEIGHT -> new HypergradientUpdate(chain, config, strategyI, strategyII, guard);
            case BALANCED -> new BalancerUpdate(balancer, new BalancerSignalSource(pretraining, task), config.levelIII.interval);
            case BILEVEL -> jointLevel.update(chain, strategyI);
            default -> WeightUpdate.NONE;
        };
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
        return schedule.fixedWeights() ? fixedWeights.clone() : checkWeights(state.step, state.lambda);
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

    /**
     * One outer step: the levels the mode's {@link Schedule} runs, then level III's {@link WeightUpdate}.
     * A non-finite Hessian-vector product in a solve is a divergence, like a NaN loss.
     */
    public StepResult step() {
        try {
            int s = state.step;
            double[] w = currentWeights();
            long t0 = System.nanoTime();
            double[] objectiveLosses;
            double taskLoss;
            HypergradientChain.Probe probeI;
            HypergradientChain.Probe probeII;
            long t1;
            long t2;
            if (schedule.joint()) {
                JointLevel.Outcome o = jointLevel.step(s, state, w);
                t1 = System.nanoTime();
                t2 = t1;
                objectiveLosses = o.objectiveLosses();
                taskLoss = o.taskLoss();
                probeI = jointLevel.probeIFor(s, o);
                probeII = jointLevel.probeIIFor(s, o);
            } else {
                PretrainingLevel.Outcome i = schedule.levelI() ? pretrainingLevel.step(s, state.theta, state.optimizerI, w)
                        : pretrainingLevel.skipped(w.length);
                t1 = System.nanoTime();
                TaskLevel.Outcome ii = schedule.levelII() ? taskLevel.step(s, state.omega, state.theta, state.optimizerII)
                        : TaskLevel.SKIPPED;
                t2 = System.nanoTime();
                objectiveLosses = i.losses();
                taskLoss = ii.loss();
                // Level III probes the Hessians on the last batches the levels trained on (or the next ones if a level took no step).
                probeI = pretrainingLevel.probeFor(s, i);
                probeII = taskLevel.probeFor(s, ii);
            }
            double[] lambdaBefore = state.lambda.clone();
            WeightUpdate.Outcome u = lambdaFrozen ? null : update.apply(s, state, objectiveLosses, probeI, probeII);
            if (u != null) {
                updateLambda(s, u.gradient());
            }
            long t3 = System.nanoTime();
            if (u != null && u.chain() != null && observer != null) {
                observer.observe(s, lambdaBefore, state.theta, state.omega, u.probeI(), u.probeII(),
                        HypergradientUpdate.validationBatch(config, s), u.chain());
            }
            state.step++;
            return StepResult.of(s, objectiveLosses, w, taskLoss, u, state.lambda.clone(),
                    new StepResult.Times((t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6));
        } catch (ArithmeticException e) {
            throw new DivergenceException(state.step, "hypergradient: " + e.getMessage());
        }
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
        void observe(int step, double[] lambdaBefore, INDArray theta, INDArray omega, HypergradientChain.Probe probeI,
                     HypergradientChain.Probe probeII,
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
