package org.tapweight.core.optim;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.PolySchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.nd4j.linalg.schedule.StepSchedule;
import org.tapweight.api.hypergrad.SolveContext;
import org.tapweight.core.config.OptimizerConfig;

/**
 * One level's optimiser: an ND4J updater working on a flat parameter vector, its state in one
 * array (saved in checkpoints), and decoupled weight decay.
 */
public final class LevelOptimizer {

    private final OptimizerConfig config;
    private final IUpdater updater;
    private final INDArray state;
    private final GradientUpdater<?> gradientUpdater;
    private int iteration;

    public LevelOptimizer(OptimizerConfig config, long parameterCount, DataType dataType) {
        this.config = config;
        this.updater = updater(config);
        long stateSize = updater.stateSize(parameterCount);
        this.state = stateSize == 0 ? null : Nd4j.zeros(dataType, 1, stateSize);
        this.gradientUpdater = updater.instantiate(state, true);
    }

    private static IUpdater updater(OptimizerConfig c) {
        ISchedule schedule = switch (c.schedule) {
            case "none" -> null;
            case "exponential" -> new ExponentialSchedule(ScheduleType.ITERATION, c.learningRate, c.decay);
            case "step" -> new StepSchedule(ScheduleType.ITERATION, c.learningRate, c.decay, c.every);
            case "poly" -> new PolySchedule(ScheduleType.ITERATION, c.learningRate, c.power, c.maxSteps);
            default -> throw new IllegalArgumentException("unknown schedule '" + c.schedule + "'");
        };
        return switch (c.type) {
            case "sgd" -> schedule == null ? new Sgd(c.learningRate) : new Sgd(schedule);
            case "momentum" -> schedule == null ? new Nesterovs(c.learningRate, c.momentum) : new Nesterovs(schedule, c.momentum);
            case "adam" -> {
                Adam a = new Adam(c.learningRate, c.beta1, c.beta2, c.epsilon);
                if (schedule != null) {
                    a.setLearningRateSchedule(schedule);
                }
                yield a;
            }
            default -> throw new IllegalArgumentException("unknown optimiser type '" + c.type + "'");
        };
    }

    /** Updates {@code params} in place from {@code gradient}; {@code gradient} is overwritten. */
    public void step(INDArray params, INDArray gradient) {
        double lr = currentLearningRate();
        INDArray flat = gradient.reshape(1, gradient.length());
        gradientUpdater.applyUpdater(flat, iteration, 0);
        // the update as the updater left it: flat is a view of gradient, unless gradient is a view
        // ND4J had to copy to reshape (a slice of a larger vector)
        params.subi(flat.reshape(params.shape()));
        if (config.weightDecay > 0) {
            params.muli(1.0 - lr * config.weightDecay);
        }
        iteration++;
    }

    public double currentLearningRate() {
        return updater.getLearningRate(iteration, 0);
    }

    /**
     * What {@code unrolled} needs to know: the optimiser as a (preconditioned) momentum method for its
     * next step. Adam (ND4J's update {@code lr_t m / (sqrt(v) + eps)}, {@code m} and {@code v} the
     * exponential averages, {@code lr_t = lr sqrt(1 - beta2^(t+1)) / (1 - beta1^(t+1))}) is heavy-ball
     * with momentum beta1, step {@code lr_t (1 - beta1)} and the diagonal preconditioner
     * {@code 1 / (max(sqrt(v), 0.1 median sqrt(v)) + eps)} of its current state (see {@link #PRECONDITIONER_FLOOR}).
     */
    public SolveContext solveContext() {
        return switch (config.type) {
            case "sgd" -> new SolveContext(currentLearningRate(), 0.0, false);
            case "momentum" -> new SolveContext(currentLearningRate(), config.momentum, true);
            case "adam" -> adamContext();
            default -> new SolveContext(Double.NaN, 0.0, false);
        };
    }

    /**
     * The linearisation holds while a gradient change is small against sqrt(v). Where v is tiny (rows of
     * a token table that recent batches did not touch, dead units) 1 / sqrt(v) reaches 1 / eps = 1e8,
     * while Adam's real step there saturates near the learning rate; unrolled through several steps such
     * entries overflow float (NaN on SST-2). So sqrt(v) is floored at this fraction of its median.
     */
    static final double PRECONDITIONER_FLOOR = 0.1;

    private SolveContext adamContext() {
        long n = state.length() / 2; // ND4J's Adam state: m, then v
        INDArray v = state.reshape(state.length()).get(org.nd4j.linalg.indexing.NDArrayIndex.interval(n, 2 * n));
        INDArray root = Transforms.sqrt(v, true);
        double floor = PRECONDITIONER_FLOOR * root.medianNumber().doubleValue();
        INDArray preconditioner = Transforms.max(root, floor, false).addi(config.epsilon).rdivi(1.0);
        int t = iteration + 1;
        double stepSize = currentLearningRate() * Math.sqrt(1 - Math.pow(config.beta2, t)) / (1 - Math.pow(config.beta1, t));
        return new SolveContext(stepSize * (1 - config.beta1), config.beta1, false, preconditioner);
    }

    public int iteration() {
        return iteration;
    }

    /** The updater's state (moments, velocity), or {@code null} for plain SGD; a live view. */
    public INDArray state() {
        return state;
    }

    /** Restores the state and iteration count saved by a checkpoint. */
    public void restore(INDArray savedState, int savedIteration) {
        if (state != null) {
            state.assign(savedState.reshape(state.shape()));
        }
        this.iteration = savedIteration;
    }
}
