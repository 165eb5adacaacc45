package org.tapweight.nlp.task;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tapweight.api.modality.Encoder;
import org.tapweight.api.modality.Task;
import org.tapweight.api.modality.TaskProvider;
import org.tapweight.api.model.Noise;
import org.tapweight.api.model.Split;
import org.tapweight.api.plugin.ConfigurationException;
import org.tapweight.api.plugin.SettingSpec;
import org.tapweight.api.plugin.Settings;
import org.tapweight.core.data.DataFiles;
import org.tapweight.core.metrics.BinaryMetrics;
import org.tapweight.core.metrics.RegressionMetrics;
import org.tapweight.nn.Linear;
import org.tapweight.nn.Losses;
import org.tapweight.nn.Standardisation;
import org.tapweight.core.run.Provenance;
import org.tapweight.nlp.data.GlueDataset;
import org.tapweight.nlp.data.GlueReader;
import org.tapweight.nlp.model.TextBatch;
import org.tapweight.nlp.model.TextDataset;
import org.tapweight.nlp.text.TextTokenizer;

/**
 * A labelled text task: train, validation and test parts of sentences or sentence pairs, a linear
 * head on the sequence vector. Classification: softmax cross-entropy over the classes; metrics
 * accuracy, and for two classes F1 and Matthews correlation of the argmax (class index 1 is the
 * positive class). Regression: squared error on the label standardised with the training part's mean
 * and SD; metrics Pearson, Spearman and RMSE in original units. Level I's corpus is the training
 * part's text without labels. GLUE ({@link GlueTask}) and a user's file ({@code text-csv}) build it.
 */
public class LabelledTextTask implements Task<TextBatch> {

    private final String id;
    private final TextLabels labels;
    private final boolean pairs;
    private final Map<Split, TextDataset> splits = new EnumMap<>(Split.class);
    private final Map<String, String> checksums = new LinkedHashMap<>();
    private final Map<String, Object> report = new LinkedHashMap<>();
    private final Standardisation scale;
    private final int outputs;
    /** What {@link #predictorState()} adds: how new inputs are read (null: the task cannot score new inputs). */
    private Map<String, Object> inputs;

    /**
     * @param id         the task's name in datasets and records
     * @param checksums  the data files read (name to SHA-256); the tokenizer's is added
     * @param train      the training part, in file order
     * @param validation the validation part, in file order
     * @param test       the test part
     * @param pairs      whether each example has a second text
     */
    LabelledTextTask(String id, TextLabels labels, Map<String, String> checksums, List<GlueReader.Example> train,
                               List<GlueReader.Example> validation, List<GlueReader.Example> test, boolean pairs,
                               TextTokenizer tokenizer) {
        this.id = id;
        this.labels = labels;
        this.pairs = pairs;
        this.outputs = labels.regression() ? 1 : labels.classes().size();
        this.checksums.putAll(checksums);
        double[] trainLabels = train.stream().mapToDouble(GlueReader.Example::label).toArray();
        this.scale = labels.regression() ? Standardisation.of(trainLabels) : null;
        splits.put(Split.TRAIN, encode("train", train, tokenizer));
        splits.put(Split.VALIDATION, encode("validation", validation, tokenizer));
        splits.put(Split.TEST, encode("test", test, tokenizer));
        report.put("task", id);
        report.put("train", train.size());
        report.put("validation", validation.size());
        report.put("test", test.size());
        report.put("tokenizer", tokenizer.file().toString());
        report.put("maxLength", tokenizer.maxLength());
        int truncated = 0;
        for (Split s : Split.values()) {
            TextDataset d = splits.get(s);
            for (int i = 0; i < d.size(); i++) {
                if (d.ids(i).length == tokenizer.maxLength()) {
                    truncated++;
                }
            }
        }
        report.put("atMaxLength", truncated);
        this.checksums.put("tokenizer.json", tokenizer.sha256());
    }

    /**
     * Splits {@code examples} into a seeded random part of {@code fraction} of them (at least one) and
     * the rest, both in file order: GLUE's validation part is carved from its training files so.
     *
     * @return the carved part and the rest
     */
    static List<List<GlueReader.Example>> carve(List<GlueReader.Example> examples, double fraction, long seed, String who) {
        int[] order = shuffled(examples.size(), seed);
        int n = (int) Math.round(fraction * examples.size());
        if (n < 1 || n >= examples.size()) {
            throw new ConfigurationException(who + " leaves no examples in one of the two parts of " + examples.size());
        }
        List<GlueReader.Example> carved = new ArrayList<>();
        List<GlueReader.Example> rest = new ArrayList<>();
        for (int k = 0; k < order.length; k++) {
            (k < n ? carved : rest).add(examples.get(order[k]));
        }
        rest.sort(java.util.Comparator.comparing(GlueReader.Example::file).thenComparingInt(GlueReader.Example::line));
        carved.sort(java.util.Comparator.comparing(GlueReader.Example::file).thenComparingInt(GlueReader.Example::line));
        return List.of(carved, rest);
    }

    private static int[] shuffled(int n, long seed) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        java.util.Random rnd = new java.util.Random(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
        }
        return idx;
    }

    private TextDataset encode(String part, List<GlueReader.Example> rows, TextTokenizer tokenizer) {
        List<String> first = new ArrayList<>();
        List<String> second = pairs ? new ArrayList<>() : null;
        double[][] labels = new double[rows.size()][1];
        for (int i = 0; i < rows.size(); i++) {
            GlueReader.Example e = rows.get(i);
            first.add(e.first());
            if (second != null) {
                second.add(e.second());
            }
            labels[i][0] = scale == null ? e.label() : (e.label() - scale.mean()) / scale.sd();
        }
        return new TextDataset(id + "/" + part, first, second, labels, tokenizer);
    }

    public TextLabels labels() {
        return labels;
    }

    /** Records how the label kind was decided, for the data report. */
    void noteKind(String how) {
        report.put("kind", labels.regression() ? "regression" : "classification");
        report.put("kindFrom", how);
        if (!labels.regression()) {
            report.put("classes", labels.classes());
        }
    }

    /** Makes the task able to score new inputs: how a predictor reads them (see {@link TextPredictor}). */
    void readsInputs(Map<String, Object> inputs) {
        this.inputs = inputs;
    }

    @Override
    public Map<String, Object> predictorState() {
        if (inputs == null) {
            return null;
        }
        Map<String, Object> s = new LinkedHashMap<>(inputs);
        s.put("classes", labels.classes());
        s.put("mean", scale == null ? 0.0 : scale.mean());
        s.put("sd", scale == null ? 1.0 : scale.sd());
        return s;
    }

    @Override
    public Class<TextBatch> batchType() {
        return TextBatch.class;
    }

    @Override
    public TextDataset data(Split split) {
        return splits.get(split);
    }

    @Override
    public TextDataset pretrainingCorpus() {
        return splits.get(Split.TRAIN).unlabelled(id + "/train-text");
    }

    @Override
    public int headSize(int representationSize) {
        return new Linear(representationSize, outputs).size();
    }

    @Override
    public void initializeHead(INDArray head, int representationSize, long seed) {
        new Linear(representationSize, outputs).initialize(head, seed);
    }

    @Override
    public double loss(Encoder<TextBatch> encoder, INDArray encoderParams, INDArray head, TextBatch batch, Noise noise,
                       Gradients grads) {
        Encoder.Pass pass = encoder.forward(encoderParams, batch, noise);
        Linear linear = new Linear((int) pass.output().columns(), outputs);
        INDArray out = linear.forward(head, pass.output());
        double[][] labels = batch.requireLabels();
        INDArray dOut = grads == null ? null : out.ulike();
        double loss;
        if (this.labels.regression()) {
            double[] y = new double[labels.length];
            for (int i = 0; i < y.length; i++) {
                y[i] = labels[i][0];
            }
            loss = Losses.halfSquaredError(out, Nd4j.createFromArray(y).reshape(y.length, 1).castTo(out.dataType()), dOut);
        } else {
            int[] y = new int[labels.length];
            for (int i = 0; i < y.length; i++) {
                y[i] = (int) labels[i][0];
            }
            loss = Losses.softmaxCrossEntropy(out, y, dOut);
        }
        if (grads != null) {
            INDArray dRep = linear.backward(head, pass.output(), dOut, grads.head(), grads.scale());
            pass.backward(dRep.muli(grads.scale()), grads.encoder());
        }
        return loss;
    }

    /** The first class with the largest output (for two classes: class 1 only when its output is larger). */
    static int argmax(INDArray outputs, int row) {
        int best = 0;
        for (int c = 1; c < outputs.columns(); c++) {
            if (outputs.getDouble(row, c) > outputs.getDouble(row, best)) {
                best = c;
            }
        }
        return best;
    }

    /** Scores for a split: the predicted class index (classification) or the score in original units (regression). */
    public double[] predict(Encoder<TextBatch> encoder, INDArray encoderParams, INDArray head, Split split) {
        TextDataset d = splits.get(split);
        double[] out = new double[d.size()];
        int batch = 128;
        for (int start = 0; start < d.size(); start += batch) {
            int[] idx = new int[Math.min(batch, d.size() - start)];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = start + i;
            }
            Encoder.Pass pass = encoder.forward(encoderParams, d.batch(idx), Noise.NONE);
            INDArray o = new Linear((int) pass.output().columns(), outputs).forward(head, pass.output());
            for (int i = 0; i < idx.length; i++) {
                out[start + i] = labels.regression() ? o.getDouble(i, 0) * scale.sd() + scale.mean() : argmax(o, i);
            }
        }
        return out;
    }

    /** The labels of a split in original units. */
    public double[] labels(Split split) {
        double[][] l = splits.get(split).labels();
        double[] y = new double[l.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = scale == null ? l[i][0] : l[i][0] * scale.sd() + scale.mean();
        }
        return y;
    }

    @Override
    public Map<String, Double> metrics(Encoder<TextBatch> encoder, INDArray encoderParams, INDArray head, Split split) {
        double[] p = predict(encoder, encoderParams, head, split);
        double[] y = labels(split);
        Map<String, Double> m = new LinkedHashMap<>();
        if (labels.regression()) {
            m.put("pearson", RegressionMetrics.pearson(p, y));
            m.put("spearman", RegressionMetrics.spearman(p, y));
            m.put("rmse", RegressionMetrics.rmse(p, y));
        } else if (outputs == 2) {
            m.put("accuracy", BinaryMetrics.accuracy(p, y));
            m.put("f1", BinaryMetrics.f1(p, y));
            m.put("mcc", BinaryMetrics.mcc(p, y));
        } else {
            m.put("accuracy", BinaryMetrics.accuracy(p, y)); // exact matches: defined for any number of classes
        }
        return m;
    }

    @Override
    public String primaryMetric() {
        return labels.metric();
    }

    @Override
    public boolean higherIsBetter() {
        return true;
    }

    @Override
    public Map<String, Object> dataReport() {
        return report;
    }

    @Override
    public Map<String, String> dataChecksums() {
        return checksums;
    }
}
