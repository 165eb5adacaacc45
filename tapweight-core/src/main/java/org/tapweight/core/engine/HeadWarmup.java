package org.tapweight.core.engine;

import org.tapweight.nn.Seeds;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tapweight.api.model.Noise;
import org.tapweight.api.model.ParameterLayout;
import org.tapweight.api.model.PretrainingModel;
import org.tapweight.core.config.OptimizerConfig;
import org.tapweight.nn.Vectors;

/**
 * Trains freshly initialised objective heads on level I's objectives before a run's first outer
 * step, with the encoder and every other head frozen, so that the first hypergradients measure the
 * objectives rather than the warm-up of a random head. Objectives are weighted uniformly (a head's
 * gradient depends on its own loss only, so the frozen objectives' gradients are not computed).
 * Batch {@code i} of the corpus stream and noise from {@code (seed, "head-warmup", i)}: deterministic.
 * Its own optimiser state (level I's settings), discarded afterwards.
 */
final class HeadWarmup {

    /** What the warm-up did: the objective losses of its first and last step. */
    record Result(int steps, List<String> warmed, double[] firstLosses, double[] lastLosses) {

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("steps", steps);
            m.put("warmed", warmed);
            m.put("firstLosses", firstLosses);
            m.put("lastLosses", lastLosses);
            return m;
        }
    }

    private HeadWarmup() {
    }

    /**
     * @param theta     level I's parameters (encoder, then heads), updated in place: only the heads in
     *                  {@code trainable} change
     * @param trainable indices of the heads to train
     */
    static Result run(PretrainingModel model, INDArray theta, List<Integer> trainable, int steps,
                      OptimizerConfig optimizer, long seed) {
        ParameterLayout layout = model.layout();
        int k = model.objectiveIds().size();
        double[] coefficients = new double[k];
        INDArray mask = Nd4j.zeros(theta.dataType(), theta.length());
        List<String> warmed = new ArrayList<>();
        for (int h : trainable) {
            coefficients[h] = 1.0 / k;
            ParameterLayout.Segment s = layout.heads().get(h);
            mask.get(Vectors.range(s.offset(), s.offset() + s.length())).assign(1.0);
            warmed.add(model.objectiveIds().get(h));
        }
        INDArray p = theta.dup();
        INDArray frozenPart = theta.mul(mask.rsub(1.0)); // exact: x * 1 and x * 0
        INDArray grad = Nd4j.zeros(theta.dataType(), theta.length());
        org.tapweight.core.optim.LevelOptimizer opt =
                new org.tapweight.core.optim.LevelOptimizer(optimizer, theta.length(), theta.dataType());
        double[] first = null;
        double[] last = null;
        for (int i = 0; i < steps; i++) {
            Noise noise = Noise.of(Seeds.derive(seed, "head-warmup", i));
            double[] losses = model.evaluate(p, i, noise, coefficients, grad);
            for (int j = 0; j < losses.length; j++) {
                if (!Double.isFinite(losses[j])) {
                    throw new DivergenceException(0, "head warm-up step " + i + ": the loss of objective '"
                            + model.objectiveIds().get(j) + "' is " + losses[j]);
                }
            }
            first = first == null ? losses : first;
            last = losses;
            grad.muli(mask);
            opt.step(p, grad);
            p.muli(mask).addi(frozenPart); // the encoder and the other heads exactly as they were
        }
        theta.assign(p);
        return new Result(steps, warmed, first, last);
    }
}
