package org.tapweight.molecule.task;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tapweight.api.modality.Dataset;
import org.tapweight.api.modality.Encoder;
import org.tapweight.api.modality.Task;
import org.tapweight.api.modality.TaskProvider;
import org.tapweight.api.model.Noise;
import org.tapweight.api.model.Split;
import org.tapweight.api.plugin.ConfigurationException;
import org.tapweight.api.plugin.SettingSpec;
import org.tapweight.api.plugin.Settings;
import org.tapweight.core.metrics.BinaryMetrics;
import org.tapweight.core.metrics.MultiTaskAuc;
import org.tapweight.core.metrics.RegressionMetrics;
import org.tapweight.nn.Linear;
import org.tapweight.nn.Losses;
import org.tapweight.molecule.chem.MolecularGraph;
import org.tapweight.core.data.DataFiles;
import org.tapweight.molecule.data.FeaturizedTable;
import org.tapweight.molecule.data.InvalidSmilesPolicy;
import org.tapweight.molecule.data.LabelColumns;
import org.tapweight.molecule.data.MoleculeLoader;
import org.tapweight.molecule.data.MoleculeNetDataset;
import org.tapweight.molecule.data.Splits;
import org.tapweight.molecule.model.GraphBatch;
import org.tapweight.molecule.model.GraphDataset;

/**
 * A MoleculeNet task: the bundled file, a scaffold (default) or seeded random 80/10/10 split, a
 * linear head on the molecule vectors. Classification: binary cross-entropy per task with missing
 * labels masked out; metric ROC-AUC averaged over the tasks with both classes in the split (the others
 * are counted as {@code tasks_unscored} and listed with the reason in the data report; a column with
 * one class in the whole file is an error, and so is a split with no column to score: before training
 * on a whole data set, when its metric is asked for on a {@code limit} slice).
 * Regression: squared error on targets standardised with the training split's mean and SD;
 * metric RMSE in the original units.
 */
public final class MoleculeNetTask implements Task<GraphBatch> {

    private final MoleculeNetDataset dataset;
    private final FeaturizedTable table;
    private final Map<Split, GraphDataset> splits = new EnumMap<>(Split.class);
    private final int tasks;
    private GraphDataset pretrainingCorpus;
    private final double[] mean;
    private final double[] sd;
    /** Per split, why a column cannot be scored there (one class, or no labels); absent when all can. */
    private final Map<Split, List<String>> unscored = new EnumMap<>(Split.class);
    private List<String> cacheWarnings = List.of();

    /** @throws ConfigurationException when a part of the split is empty */
    public MoleculeNetTask(MoleculeNetDataset dataset, FeaturizedTable table, Splits split, String splitKind) {
        split.requireEveryPart(table, splitKind);
        this.dataset = dataset;
        this.table = table;
        this.tasks = table.labelNames().size();
        noteUnscorable(Split.TRAIN, split.train());
        noteUnscorable(Split.VALIDATION, split.validation());
        noteUnscorable(Split.TEST, split.test());
        this.mean = new double[tasks];
        this.sd = new double[tasks];
        java.util.Arrays.fill(sd, 1.0);
        if (dataset.kind() == MoleculeNetDataset.Kind.REGRESSION) {
            standardiseFrom(split.train());
        }
        splits.put(Split.TRAIN, subset("train", split.train()));
        splits.put(Split.VALIDATION, subset("validation", split.validation()));
        splits.put(Split.TEST, subset("test", split.test()));
    }

    public MoleculeNetTask(MoleculeNetDataset dataset, FeaturizedTable table, Splits split) {
        this(dataset, table, split, "given");
    }

    private boolean classification() {
        return dataset.kind() == MoleculeNetDataset.Kind.CLASSIFICATION;
    }

    private void noteUnscorable(Split part, int[] rows) {
        List<String> reasons = LabelColumns.unscorable(table, rows, classification());
        if (!reasons.isEmpty()) {
            unscored.put(part, reasons);
        }
    }

    /**
     * Fails when the validation or the test split has no column that can be scored: its metric would
     * be undefined after every epoch. A run on a whole data set checks this before training.
     */
    public void requireScorable() {
        requireScorable(Split.VALIDATION);
        requireScorable(Split.TEST);
    }

    private void requireScorable(Split part) {
        List<String> reasons = unscored.getOrDefault(part, List.of());
        if (reasons.size() == tasks) {
            throw new ConfigurationException(table.source() + ": the " + primaryMetric() + " of the "
                    + part.name().toLowerCase(Locale.ROOT) + " split (" + splits.get(part).size() + " molecules) is undefined: "
                    + String.join("; ", reasons) + "; use more molecules or another split");
        }
    }

    private void standardiseFrom(int[] train) {
        for (int t = 0; t < tasks; t++) {
            double[] column = new double[train.length];
            for (int k = 0; k < train.length; k++) {
                column[k] = table.labels()[train[k]][t];
            }
            org.tapweight.nn.Standardisation st = org.tapweight.nn.Standardisation.of(column);
            mean[t] = st.mean();
            sd[t] = st.sd();
        }
    }

    private GraphDataset subset(String part, int[] idx) {
        List<MolecularGraph> graphs = new ArrayList<>(idx.length);
        double[][] labels = new double[idx.length][];
        for (int i = 0; i < idx.length; i++) {
            graphs.add(table.graphs().get(idx[i]));
            double[] raw = table.labels()[idx[i]];
            double[] y = new double[tasks];
            for (int t = 0; t < tasks; t++) {
                y[t] = (raw[t] - mean[t]) / sd[t];
            }
            labels[i] = y;
        }
        return new GraphDataset(dataset.id() + "/" + part, graphs, labels);
    }

    /**
     * Mixes a sample of general molecules into level I's corpus: the MoleculeNet union minus every
     * scaffold-split test molecule of every data set and minus this task's validation and test
     * molecules, {@code count} of them, seeded.
     */
    public void mixGeneralCorpus(int count, long seed) {
        if (count <= 0) {
            pretrainingCorpus = null;
            return;
        }
        List<String> own = new ArrayList<>();
        for (Split s : new Split[] {Split.VALIDATION, Split.TEST}) {
            splits.get(s).graphs().forEach(g -> own.add(g.smiles()));
        }
        MoleculeCorpusTask general = new MoleculeCorpusTask(List.of(MoleculeNetDataset.values()),
                List.of(MoleculeNetDataset.values()), List.of(), own, count, seed, 0.0);
        List<MolecularGraph> mixed = new ArrayList<>(splits.get(Split.TRAIN).graphs());
        for (Split s : Split.values()) {
            mixed.addAll(general.data(s).graphs());
        }
        pretrainingCorpus = new GraphDataset(dataset.id() + "/train+general", mixed, null);
    }

    @Override
    public GraphDataset pretrainingCorpus() {
        return pretrainingCorpus != null ? pretrainingCorpus : splits.get(Split.TRAIN);
    }

    public MoleculeNetDataset dataset() {
        return dataset;
    }

    public FeaturizedTable table() {
        return table;
    }

    @Override
    public Class<GraphBatch> batchType() {
        return GraphBatch.class;
    }

    @Override
    public GraphDataset data(Split split) {
        return splits.get(split);
    }

    @Override
    public int headSize(int representationSize) {
        return new Linear(representationSize, tasks).size();
    }

    @Override
    public void initializeHead(INDArray head, int representationSize, long seed) {
        new Linear(representationSize, tasks).initialize(head, seed);
    }

    @Override
    public double loss(Encoder<GraphBatch> encoder, INDArray encoderParams, INDArray head, GraphBatch batch, Noise noise,
                       Gradients grads) {
        // Only the molecule vectors (the pass's output): works with any molecular encoder, and with probes' frozen ones.
        Encoder.Pass pass = encoder.forward(encoderParams, batch, noise);
        Linear linear = new Linear((int) pass.output().columns(), tasks);
        INDArray logits = linear.forward(head, pass.output());
        INDArray targets = Nd4j.createFromArray(batch.requireLabels()).castTo(logits.dataType());
        INDArray dLogits = grads == null ? null : logits.ulike();
        double loss = dataset.kind() == MoleculeNetDataset.Kind.CLASSIFICATION
                ? Losses.binaryCrossEntropy(logits, targets, dLogits)
                : Losses.halfSquaredError(logits, targets, dLogits);
        if (grads != null) {
            INDArray dRep = linear.backward(head, pass.output(), dLogits, grads.head(), grads.scale());
            pass.backward(dRep.muli(grads.scale()), grads.encoder());
        }
        return loss;
    }

    /** Predictions for a whole split: probabilities (classification) or values in original units. */
    public double[][] predict(Encoder<GraphBatch> encoder, INDArray encoderParams, INDArray head, Split split) {
        GraphDataset d = splits.get(split);
        double[][] out = new double[d.size()][];
        int batch = 256;
        for (int start = 0; start < d.size(); start += batch) {
            int[] idx = new int[Math.min(batch, d.size() - start)];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = start + i;
            }
            INDArray vectors = encoder.forward(encoderParams, d.batch(idx), Noise.NONE).output();
            INDArray logits = new Linear((int) vectors.columns(), tasks).forward(head, vectors);
            for (int i = 0; i < idx.length; i++) {
                double[] row = new double[tasks];
                for (int t = 0; t < tasks; t++) {
                    double z = logits.getDouble(i, t);
                    row[t] = dataset.kind() == MoleculeNetDataset.Kind.CLASSIFICATION ? Losses.sigmoid(z) : z * sd[t] + mean[t];
                }
                out[start + i] = row;
            }
        }
        return out;
    }

    @Override
    public Map<String, Double> metrics(Encoder<GraphBatch> encoder, INDArray encoderParams, INDArray head, Split split) {
        double[][] predicted = predict(encoder, encoderParams, head, split);
        GraphDataset d = splits.get(split);
        Map<String, Double> m = new LinkedHashMap<>();
        if (classification()) {
            requireScorable(split);
            MultiTaskAuc auc = BinaryMetrics.rocAucMultiTask(predicted, d.labels());
            m.put("roc_auc", auc.mean());
            m.put("tasks_scored", (double) auc.tasksUsed());
            m.put("tasks_unscored", (double) (tasks - auc.tasksUsed()));
        } else {
            List<Double> p = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (int i = 0; i < predicted.length; i++) {
                for (int t = 0; t < tasks; t++) {
                    double label = d.labels()[i][t];
                    if (!Double.isNaN(label)) {
                        p.add(predicted[i][t]);
                        y.add(label * sd[t] + mean[t]);
                    }
                }
            }
            requireScorable(split);
            double[] pa = p.stream().mapToDouble(Double::doubleValue).toArray();
            double[] ya = y.stream().mapToDouble(Double::doubleValue).toArray();
            m.put("rmse", RegressionMetrics.rmse(pa, ya));
            m.put("mae", RegressionMetrics.mae(pa, ya));
        }
        return m;
    }

    @Override
    public String primaryMetric() {
        return dataset.kind() == MoleculeNetDataset.Kind.CLASSIFICATION ? "roc_auc" : "rmse";
    }

    @Override
    public boolean higherIsBetter() {
        return dataset.kind() == MoleculeNetDataset.Kind.CLASSIFICATION;
    }

    @Override
    public Map<String, Object> dataReport() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("file", table.source());
        r.put("featurised", table.size());
        r.put("skipped", table.skipped().size());
        r.put("skippedRows", table.skipped());
        Map<String, Integer> parts = new LinkedHashMap<>();
        for (Split s : Split.values()) {
            parts.put(s.name().toLowerCase(Locale.ROOT), splits.get(s).size());
        }
        r.put("split", parts);
        r.put("pretrainingCorpus", pretrainingCorpus().size());
        Map<String, List<String>> unscoredColumns = new LinkedHashMap<>();
        unscored.forEach((part, reasons) -> unscoredColumns.put(part.name().toLowerCase(Locale.ROOT), reasons));
        if (!unscoredColumns.isEmpty()) {
            r.put("unscoredColumns", unscoredColumns); // left out of the split's mean metric, with the reason
        }
        if (!cacheWarnings.isEmpty()) {
            r.put("cacheWarnings", cacheWarnings);
        }
        return r;
    }

    @Override
    public Map<String, String> dataChecksums() {
        return Map.of(dataset.fileName(), table.sha256());
    }

    /** Service provider for id {@code moleculenet} (modality {@code molecule}). */
    public static final class Provider implements TaskProvider {
        @Override
        public String id() {
            return "moleculenet";
        }

        @Override
        public String description() {
            return "a bundled MoleculeNet data set (bbbp, bace, clintox, tox21, sider, toxcast, hiv, muv, esol, freesolv, lipophilicity)";
        }

        @Override
        public String modality() {
            return "molecule";
        }

        @Override
        public List<SettingSpec> settings() {
            return List.of(SettingSpec.ofString("dataset", "bbbp", "data set id"),
                    SettingSpec.ofString("split", "scaffold", "scaffold (deterministic) or random (seeded)"),
                    SettingSpec.ofInt("splitSeed", 0, "seed of the random split"),
                    SettingSpec.ofString("invalidSmiles", "fail", "fail, or skip (count and list) unparseable SMILES"),
                    SettingSpec.ofInt("limit", 0, "use only the first N molecules (0 = all); for tests and smoke runs"),
                    SettingSpec.ofInt("generalCorpus", 0, "mix this many general molecules (no test molecule of any set) into level I's corpus"),
                    SettingSpec.ofBoolean("cache", true, "cache featurised molecules on disk"),
                    SettingSpec.ofInt("maxSmilesLength", MoleculeLoader.DEFAULT_MAX_SMILES_LENGTH,
                            "a longer SMILES is an invalid row (see invalidSmiles): CDK overflows the stack on very large molecules"));
        }

        @Override
        public Task<?> create(Settings settings) {
            MoleculeNetDataset d = MoleculeNetDataset.byId(settings.getString("dataset"));
            InvalidSmilesPolicy policy = settings.getChoice("invalidSmiles", InvalidSmilesPolicy.class);
            Path file = DataFiles.locate("moleculenet/" + d.fileName());
            boolean binary = d.kind() == MoleculeNetDataset.Kind.CLASSIFICATION;
            MoleculeLoader loader = new MoleculeLoader(settings.getBoolean("cache") ? MoleculeLoader.defaultCacheDir() : null,
                    settings.getInt("maxSmilesLength"));
            FeaturizedTable table = loader.load(file, d.smilesColumn(), binary, policy);
            Splits.requireEnough(table);
            LabelColumns.requireUsable(table, binary);
            int limit = settings.getInt("limit");
            if (limit > 0 && limit < table.size()) {
                table = new FeaturizedTable(table.source(), table.sha256(), table.labelNames(),
                        table.graphs().subList(0, limit), java.util.Arrays.copyOf(table.labels(), limit),
                        java.util.Arrays.copyOf(table.lines(), limit), table.skipped());
            }
            Splits split = switch (settings.getString("split")) {
                case "scaffold" -> Splits.scaffold(table.graphs(), 0.8, 0.1);
                case "random" -> Splits.random(table.size(), 0.8, 0.1, settings.getInt("splitSeed"));
                default -> throw new ConfigurationException(settings.owner() + ": setting 'split' must be scaffold or random, got '"
                        + settings.getString("split") + "'");
            };
            MoleculeNetTask task = new MoleculeNetTask(d, table, split, settings.getString("split"));
            task.cacheWarnings = loader.cacheWarnings();
            if (limit == 0) {
                task.requireScorable(); // a slice for a smoke run is checked when its metric is asked for
            }
            task.mixGeneralCorpus(settings.getInt("generalCorpus"), settings.getInt("splitSeed"));
            return task;
        }
    }
}
