package org.tapweight.core.engine;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.tapweight.api.hypergrad.HypergradientStrategy;
import org.tapweight.core.config.RunConfig;
import org.tapweight.core.engine.HypergradientChain.Probe;

/**
 * The bi-level ablation (mode BILEVEL): one model trained on {@code sum_k w_k L_k + L_task} in
 * {@code levelI.steps} steps per outer step, and its level III, the chain's joint hypergradient.
 */
final class JointLevel {

    /**
     * @param objectiveLosses each objective's loss on the last batch (NaN where no step ran)
     * @param taskLoss        the task loss on the last batch (NaN where no step ran)
     * @param probeI          the last level-I batch, or null
     * @param probeII         the last task batch, or null
     */
    record Outcome(double[] objectiveLosses, double taskLoss, Probe probeI, Probe probeII) {
    }

    private final JointModel joint;
    private final RunConfig config;
    private final DivergenceGuard guard;
    private final Probes probes;
    private final INDArray grad;
    private final java.util.List<String> objectiveIds;

    JointLevel(JointModel joint, RunConfig config, DivergenceGuard guard, Probes probes, INDArray gradBuffer,
               java.util.List<String> objectiveIds) {
        this.joint = joint;
        this.config = config;
        this.guard = guard;
        this.probes = probes;
        this.grad = gradBuffer;
        this.objectiveIds = objectiveIds;
    }

    Outcome step(int s, EngineState state, double[] w) {
        double[] objectives = new double[w.length];
        java.util.Arrays.fill(objectives, Double.NaN);
        double task = Double.NaN;
        Probe probeI = null;
        Probe probeII = null;
        for (int i = 0; i < config.levelI.steps; i++) {
            probeI = probes.of("I", (long) s * config.levelI.steps + i);
            probeII = probes.of("II", (long) s * config.levelI.steps + i);
            JointModel.Losses losses = joint.evaluate(state.theta, w, probeI, probeII, grad);
            for (int k = 0; k < losses.objectives().length; k++) {
                guard.checkLoss(s, "loss of objective '" + objectiveIds.get(k) + "'", losses.objectives()[k]);
            }
            guard.checkLoss(s, "task loss", losses.task());
            DivergenceGuard.checkGradient(s, "the joint model's gradient", grad);
            state.optimizerI.step(state.theta, grad);
            objectives = losses.objectives();
            task = losses.task();
        }
        return new Outcome(objectives, task, probeI, probeII);
    }

    /** Level III of the joint model: every {@code levelIII.interval} steps, the chain's joint hypergradient. */
    WeightUpdate update(HypergradientChain chain, HypergradientStrategy strategy) {
        return (s, state, losses, probeI, probeII) -> {
            if ((s + 1) % config.levelIII.interval != 0) {
                return null;
            }
            boolean warm = config.levelIII.warmStart && strategy.supportsWarmStart();
            HypergradientChain.Result r = chain.computeJoint(joint, state.lambda, state.theta, probeI, probeII,
                    HypergradientUpdate.validationBatch(config, s), state.optimizerI.solveContext(), warm ? state.warmI : null);
            guard.checkLoss(s, "validation loss", r.validationLoss());
            state.warmI = warm ? r.solutionI() : null;
            return new WeightUpdate.Outcome(r.hypergradient(), r.validationLoss(), r.solveI(), null, r.gradientEvaluations(),
                    null, probeI, probeII);
        };
    }

    /** The batches level III probes on: the last ones trained on, else the step's first. */
    Probe probeIFor(int s, Outcome o) {
        return o.probeI() != null ? o.probeI() : probes.of("I", (long) s * config.levelI.steps);
    }

    Probe probeIIFor(int s, Outcome o) {
        return o.probeII() != null ? o.probeII() : probes.of("II", (long) s * config.levelI.steps);
    }
}
