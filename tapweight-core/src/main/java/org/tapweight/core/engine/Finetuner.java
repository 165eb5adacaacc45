package org.tapweight.core.engine;

import org.tapweight.nn.Seeds;
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
import org.tapweight.nn.Vectors;

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

    /**
     * The outcome: the validation curve, the best epoch (1-based), the metrics there and the task
     * model's parameters there (encoder and head; null where a caller no longer keeps them).
     */
    public record Result(List<Double> validationCurve, int bestEpoch, Map<String, Double> validation,
                         Map<String, Double> test, INDArray parameters) {

        Result withoutParameters() {
            return new Result(validationCurve, bestEpoch, validation, test, null);
        }
    }

    /**
     * The finetuning repeated with {@code config.seeds} seeds: each run, and the mean of each metric
     * over the runs where it is defined (NaN only where it is undefined in all of them).
     */
    public record Repeated(List<Long> seeds, List<Result> runs, Map<String, Double> validation, Map<String, Double> test,
                           int best) {

        /** The means as one result (curve and best epoch of the first run), for callers that want one. */
        public Result asResult() {
            return new Result(runs.get(0).validationCurve(), runs.get(0).bestEpoch(), validation, test, null);
        }

        /** The repeat with the best validation metric: the one whose parameters are kept ({@link Result#parameters()}). */
        public Result bestRun() {
            return runs.get(best);
        }
    }

    private Finetuner() {
    }

    /** Where the encoder's {@code layers} lowest parameter groups end (0 for none). */
    static int frozenPrefix(TaskModel task, int layers) {
        if (layers == 0) {
            return 0;
        }
        int[] starts = task.encoderLayerStarts();
        if (starts.length == 0) {
            throw new ConfigurationException("finetune.frozenLayers is " + layers + " but this encoder does not say where its "
                    + "layers start (Encoder#layerStarts); use frozenEncoder for a probe, or finetune it whole");
        }
        if (layers >= starts.length) {
            throw new ConfigurationException("finetune.frozenLayers is " + layers + " but this encoder has " + starts.length
                    + " parameter groups (the input embedding and " + (starts.length - 1) + " layers): freezing them all is a "
                    + "probe (frozenEncoder: true); use at most " + (starts.length - 1));
        }
        return starts[layers];
    }

    /** The seed of finetuning repeat {@code r}: the run's own seed first, then seeds derived from it. */
    public static long repeatSeed(long seed, int r) {
        return r == 0 ? seed : Seeds.derive(seed, "finetune-repeat", r);
    }

    /**
     * {@link #run} once per finetuning seed ({@code config.seedsOrDefault()}), with the means;
     * {@code onEpoch} hears epochs counted over the repeats (repeat r's epoch e as r * epochs + e).
     */
    public static Repeated runRepeated(TaskModel task, INDArray encoder, FinetuneConfig config, long seed, DataType type,
                                       java.util.function.IntConsumer onEpoch) {
        List<Long> seeds = new ArrayList<>();
        List<Result> runs = new ArrayList<>();
        // One probe view for all repeats: its encoder vectors are computed once, not once per seed.
        TaskModel model = config.frozen() ? task.withFrozenEncoder() : task;
        int best = 0;
        String metric = task.primaryMetric();
        for (int r = 0; r < config.seedsOrDefault(); r++) {
            seeds.add(repeatSeed(seed, r));
            int before = r * config.epochs; // progress counts epochs over all repeats (at most epochs * seeds)
            Result run = run(model, encoder, config, seeds.get(r), type, onEpoch == null ? null : e -> onEpoch.accept(before + e));
            runs.add(run);
            if (r > 0) {
                // only the best repeat's parameters are kept: a large encoder times several seeds would not fit
                double value = run.validation().getOrDefault(metric, Double.NaN);
                double bestValue = runs.get(best).validation().getOrDefault(metric, Double.NaN);
                boolean better = !Double.isNaN(value) && (Double.isNaN(bestValue)
                        || (task.higherIsBetter() ? value > bestValue : value < bestValue));
                int dropped = better ? best : r;
                runs.set(dropped, runs.get(dropped).withoutParameters());
                best = better ? r : best;
            }
        }
        return new Repeated(List.copyOf(seeds), List.copyOf(runs), mean(runs, true), mean(runs, false), best);
    }

    private static Map<String, Double> mean(List<Result> runs, boolean validation) {
        Map<String, Double> out = new java.util.TreeMap<>();
        for (String name : (validation ? runs.get(0).validation() : runs.get(0).test()).keySet()) {
            double sum = 0;
            int n = 0;
            for (Result r : runs) {
                Double v = (validation ? r.validation() : r.test()).get(name);
                if (v != null && !Double.isNaN(v)) {
                    sum += v;
                    n++;
                }
            }
            out.put(name, n == 0 ? Double.NaN : sum / n);
        }
        return out;
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
        int frozenEnd = config.frozen() ? e : frozenPrefix(task, config.frozenLayersOrDefault());
        // A probe trains and is scored on the encoder's vectors computed once (where the model offers that),
        // and, where the model offers it, on the head's parameters alone: no encoder-sized vector per batch.
        TaskModel trained = config.frozen() && e > 0 ? task.withFrozenEncoder() : task;
        TaskModel headOnly = config.frozen() && e > 0 ? trained.headOnly(params.get(Vectors.range(0, e))) : null;
        TaskModel stepped = headOnly != null ? headOnly : trained;
        INDArray stepParams = headOnly != null ? params.get(Vectors.range(e, params.length())) : params; // a view
        int tail = headOnly != null ? 0 : frozenEnd;
        // The optimiser steps only the trainable tail (the head, and the upper layers when lower ones are
        // frozen): the frozen part stays exactly as given. Every optimiser here is per coordinate, so the
        // trainable part moves as it would under a whole-vector step.
        INDArray trainable = stepParams.get(Vectors.range(tail, stepParams.length()));
        LevelOptimizer optimizer = new LevelOptimizer(config.optimizer, trainable.length(), type);
        INDArray grad = stepParams.ulike();
        INDArray trainableGrad = grad.get(Vectors.range(tail, grad.length()));
        String metric = task.primaryMetric();
        List<Double> curve = new ArrayList<>();
        INDArray best = stepParams.dup();
        double bestValue = Double.NaN;
        int bestEpoch = 0;
        long perEpoch = task.trainBatchesPerEpoch();
        for (int epoch = 1; epoch <= config.epochs; epoch++) {
            for (long b = 0; b < perEpoch; b++) {
                long index = (epoch - 1) * perEpoch + b;
                double loss = stepped.evaluate(stepParams, Split.TRAIN, index, Noise.of(Seeds.derive(seed, "finetune", index)), grad);
                if (!Double.isFinite(loss)) {
                    throw new DivergenceException(epoch, "finetuning loss is " + loss + " in epoch " + epoch);
                }
                optimizer.step(trainable, trainableGrad);
            }
            double value = stepped.metrics(stepParams, Split.VALIDATION).get(metric);
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
                best.assign(stepParams);
            } else if (epoch - bestEpoch >= config.patience) {
                break;
            }
        }
        if (bestEpoch == 0 && !curve.isEmpty()) {
            throw new ConfigurationException("finetuning: the validation metric '" + metric + "' was undefined (NaN) in all "
                    + curve.size() + " epochs run, so no epoch can be chosen and there is no finetuned result");
        }
        if (bestEpoch == 0) {
            return new Result(curve, 0, stepped.metrics(stepParams, Split.VALIDATION), stepped.metrics(stepParams, Split.TEST), params);
        }
        INDArray bestParams = params.dup(); // the whole vector: the encoder (unchanged by a probe) and the best epoch's head
        bestParams.get(Vectors.range(params.length() - best.length(), params.length())).assign(best);
        return new Result(curve, bestEpoch, stepped.metrics(best, Split.VALIDATION), stepped.metrics(best, Split.TEST), bestParams);
    }
}
