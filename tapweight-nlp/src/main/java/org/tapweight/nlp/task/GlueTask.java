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
 * A GLUE task from the bundled files: the training files pooled (GLUE's train), a seeded validation
 * part carved from them, GLUE's dev set as the test split (see {@code data/glue/README.md}); a linear
 * head on the sequence vector. Classification: softmax cross-entropy over two classes; metrics
 * accuracy, F1 and Matthews correlation of the argmax. STS-B: squared error on the score standardised
 * with the training part's mean and SD; metrics Pearson and Spearman. Level I's corpus is the
 * training part's text without labels.
 */
public final class GlueTask implements Task<TextBatch> {

    private final GlueDataset dataset;
    private final Map<Split, TextDataset> splits = new EnumMap<>(Split.class);
    private final Map<String, String> checksums = new LinkedHashMap<>();
    private final Map<String, Object> report = new LinkedHashMap<>();
    private final Standardisation scale;
    private final int outputs;

    public GlueTask(GlueDataset dataset, Path folder, TextTokenizer tokenizer, double validationFraction, long splitSeed, int limit) {
        this.dataset = dataset;
        this.outputs = dataset.regression() ? 1 : 2;
        List<GlueReader.Example> train = new ArrayList<>();
        List<GlueReader.Example> test = new ArrayList<>();
        for (String f : dataset.trainFiles()) {
            train.addAll(GlueReader.read(file(folder, f), dataset, dataset.header()));
        }
        for (String f : dataset.testFiles()) {
            test.addAll(GlueReader.read(file(folder, f), dataset, dataset.testHeader()));
        }
        if (dataset == GlueDataset.RTE) {
            // The files re-split GLUE train + dev; GLUE dev is recovered by its indices.
            List<GlueReader.Example> pooled = train;
            train = new ArrayList<>();
            for (GlueReader.Example e : pooled) {
                (e.index() >= GlueDataset.RTE_GLUE_DEV_FROM ? test : train).add(e);
            }
        }
        if (limit > 0) {
            train = train.subList(0, Math.min(limit, train.size()));
            test = test.subList(0, Math.min(limit, test.size()));
        }
        int[] order = shuffled(train.size(), splitSeed);
        int nValidation = (int) Math.round(validationFraction * train.size());
        if (nValidation < 1 || nValidation >= train.size()) {
            throw new ConfigurationException("task 'glue' (" + dataset.id() + "): validationFraction " + validationFraction
                    + " leaves no training or no validation examples of " + train.size());
        }
        List<GlueReader.Example> validation = new ArrayList<>();
        List<GlueReader.Example> rest = new ArrayList<>();
        for (int k = 0; k < order.length; k++) {
            (k < nValidation ? validation : rest).add(train.get(order[k]));
        }
        rest.sort(java.util.Comparator.comparing(GlueReader.Example::file).thenComparingInt(GlueReader.Example::line));
        validation.sort(java.util.Comparator.comparing(GlueReader.Example::file).thenComparingInt(GlueReader.Example::line));
        double[] trainLabels = rest.stream().mapToDouble(GlueReader.Example::label).toArray();
        this.scale = dataset.regression() ? Standardisation.of(trainLabels) : null;
        splits.put(Split.TRAIN, encode("train", rest, tokenizer));
        splits.put(Split.VALIDATION, encode("validation", validation, tokenizer));
        splits.put(Split.TEST, encode("test", test, tokenizer));
        report.put("task", dataset.id());
        report.put("train", rest.size());
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
        checksums.put("tokenizer.json", tokenizer.sha256());
    }

    private Path file(Path folder, String name) {
        Path p = folder.resolve(name);
        try {
            checksums.put("glue/" + dataset.folder() + "/" + name, Provenance.sha256(java.nio.file.Files.readAllBytes(p)));
        } catch (java.io.IOException e) {
            throw new ConfigurationException(p + ": no such GLUE file");
        }
        return p;
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
        List<String> second = dataset.secondColumn() < 0 ? null : new ArrayList<>();
        double[][] labels = new double[rows.size()][1];
        for (int i = 0; i < rows.size(); i++) {
            GlueReader.Example e = rows.get(i);
            first.add(e.first());
            if (second != null) {
                second.add(e.second());
            }
            labels[i][0] = scale == null ? e.label() : (e.label() - scale.mean()) / scale.sd();
        }
        return new TextDataset(dataset.id() + "/" + part, first, second, labels, tokenizer);
    }

    public GlueDataset dataset() {
        return dataset;
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
        return splits.get(Split.TRAIN).unlabelled(dataset.id() + "/train-text");
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
        if (dataset.regression()) {
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

    /** Scores for a split: the predicted class (classification) or the score in original units (STS-B). */
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
                out[start + i] = dataset.regression() ? o.getDouble(i, 0) * scale.sd() + scale.mean()
                        : (o.getDouble(i, 1) > o.getDouble(i, 0) ? 1 : 0);
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
        if (dataset.regression()) {
            m.put("pearson", RegressionMetrics.pearson(p, y));
            m.put("spearman", RegressionMetrics.spearman(p, y));
            m.put("rmse", RegressionMetrics.rmse(p, y));
        } else {
            m.put("accuracy", BinaryMetrics.accuracy(p, y));
            m.put("f1", BinaryMetrics.f1(p, y));
            m.put("mcc", BinaryMetrics.mcc(p, y));
        }
        return m;
    }

    @Override
    public String primaryMetric() {
        return dataset.primaryMetric();
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

    /** Service provider for id {@code glue} (modality {@code text}). */
    public static final class Provider implements TaskProvider {
        @Override
        public String id() {
            return "glue";
        }

        @Override
        public String description() {
            return "a bundled GLUE task (sst2, cola, mrpc, rte, stsb, wnli); GLUE dev as test, validation carved from train";
        }

        @Override
        public String modality() {
            return "text";
        }

        @Override
        public List<SettingSpec> settings() {
            return List.of(SettingSpec.ofString("dataset", "sst2", "GLUE task id"),
                    SettingSpec.ofDouble("validationFraction", 0.1, "fraction of the training files held out for validation"),
                    SettingSpec.ofInt("splitSeed", 0, "seed of the validation split"),
                    SettingSpec.ofString("tokenizer", "models/text-tokenizer.json", "WordPiece tokenizer.json (relative to the working folder)"),
                    SettingSpec.ofInt("maxLength", 128, "inputs are truncated to this many tokens (longest first for pairs)"),
                    SettingSpec.ofInt("limit", 0, "use only the first N training and test examples (0 = all); for tests and smoke runs"));
        }

        @Override
        public Task<?> create(Settings settings) {
            GlueDataset d = GlueDataset.byId(settings.getString("dataset"));
            double fraction = settings.getDouble("validationFraction");
            if (!(fraction > 0 && fraction < 1)) {
                throw new ConfigurationException(settings.owner() + ": setting 'validationFraction' must be in (0, 1)");
            }
            Path folder = DataFiles.dataRoot().resolve("glue").resolve(d.folder());
            // Texts are encoded when the task is built, so the native tokenizer can be released right after.
            try (TextTokenizer tokenizer = TextTokenizer.load(TextFiles.resolve(settings, "tokenizer"),
                    settings.getInt("maxLength"))) {
                return new GlueTask(d, folder, tokenizer, fraction, settings.getInt("splitSeed"), settings.getInt("limit"));
            }
        }
    }
}
