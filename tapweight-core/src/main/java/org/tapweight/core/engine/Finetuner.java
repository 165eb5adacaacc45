package org.tapweight.core.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tapweight.api.model.Noise;
import org.tapweight.api.model.Split;
import org.tapweight.api.model.TaskModel;
import org.tapweight.api.plugin.ConfigurationException;
import org.tapweight.core.config.FinetuneConfig;
import org.tapweight.core.optim.LevelOptimizer;
import org.tapweight.hypergrad.Vectors;

/**
 * The reported score of every method: finetune a fresh task head (and the encoder, unless
 * {@code frozenEncoder}: a probe) from a given encoder, one epoch at a time, keep the parameters of the epoch with the best validation metric,
 * stop after {@code patience} epochs without improvement, and only then evaluate the test split once.
 * An epoch with an undefined (NaN) validation metric is never chosen; if every epoch's is undefined,
 * that is an error rather than a silent "best epoch 1".
 * It trains on the given model's training loss as it is; a run passes the task model without
 * {@code levelII.l2}, since this finetuning is the evaluation protocol, not level II of the problem
 * (its own regulariser is {@code finetune.optimizer.weightDecay}).
 */
public final class Finetuner {

    /** The outcome: the validation curve, the best epoch (1-based) and the metrics there. */
    public record Result(List<Double> validationCurve, int bestEpoch, Map<String, Double> validation,
                         Map<String, Double> test) {
    }

    private Finetuner() {
    }

    public static Result run(TaskModel task, INDArray encoder, FinetuneConfig config, long seed, DataType type) {
        return run(task, encoder, config, seed, type, null);
    }

    /** @param onEpoch told each finished epoch (1-based), e.g. for a progress bar; may be null */
    public static Result run(TaskModel task, INDArray encoder, FinetuneConfig config, long seed, DataType type,
                             java.util.function.IntConsumer onEpoch) {
        INDArray params = Nd4j.zeros(type, task.layout().size());
        task.initialize(params, Seeds.derive(seed, "finetune-init", 0));
        int e = task.layout().encoderSize();
        if (e > 0) {
            params.get(Vectors.range(0, e)).assign(encoder.castTo(type));
        }
        INDArray frozen = config.frozen() && e > 0 ? params.get(Vectors.range(0, e)).dup() : null;
        LevelOptimizer optimizer = new LevelOptimizer(config.optimizer, params.length(), type);
        INDArray grad = params.ulike();
        String metric = task.primaryMetric();
        List<Double> curve = new ArrayList<>();
        INDArray best = params.dup();
        double bestValue = Double.NaN;
        int bestEpoch = 0;
        long perEpoch = task.trainBatchesPerEpoch();
        for (int epoch = 1; epoch <= config.epochs; epoch++) {
            for (long b = 0; b < perEpoch; b++) {
                long index = (epoch - 1) * perEpoch + b;
                double loss = task.evaluate(params, Split.TRAIN, index, Noise.of(Seeds.derive(seed, "finetune", index)), grad);
                if (!Double.isFinite(loss)) {
                    throw new DivergenceException(epoch, "finetuning loss is " + loss + " in epoch " + epoch);
                }
                optimizer.step(params, grad);
                if (frozen != null) {
                    params.get(Vectors.range(0, e)).assign(frozen); // a probe: the encoder stays exactly as given
                }
            }
            double value = task.metrics(params, Split.VALIDATION).get(metric);
            curve.add(value);
            if (onEpoch != null) {
                onEpoch.accept(epoch);
            }
            // An epoch whose metric is undefined (NaN) is never the best one.
            boolean better = !Double.isNaN(value)
                    && (bestEpoch == 0 || (task.higherIsBetter() ? value > bestValue : value < bestValue));
            if (better) {
                bestValue = value;
                bestEpoch = epoch;
                best.assign(params);
            } else if (epoch - bestEpoch >= config.patience) {
                break;
            }
        }
        if (bestEpoch == 0 && !curve.isEmpty()) {
            throw new ConfigurationException("finetuning: the validation metric '" + metric + "' was undefined (NaN) in all "
                    + curve.size() + " epochs run, so no epoch can be chosen and there is no finetuned result");
        }
        if (bestEpoch == 0) {
            return new Result(curve, 0, task.metrics(params, Split.VALIDATION), task.metrics(params, Split.TEST));
        }
        return new Result(curve, bestEpoch, task.metrics(best, Split.VALIDATION), task.metrics(best, Split.TEST));
    }
}
