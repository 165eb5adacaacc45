package org.tapweight.molecule.task;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tapweight.api.modality.Encoder;
import org.tapweight.api.modality.Task;
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
import org.tapweight.molecule.data.FeaturizedTable;
import org.tapweight.molecule.data.LabelColumns;
import org.tapweight.molecule.data.LabelKind;
import org.tapweight.molecule.data.MoleculeLoader;
import org.tapweight.molecule.data.MoleculeNetDataset;
import org.tapweight.molecule.data.Splits;
import org.tapweight.molecule.model.GraphBatch;
import org.tapweight.molecule.model.GraphDataset;

/**
 * A task on a labelled SMILES table (a bundled MoleculeNet file, or a user's CSV): train, validation
 * and test parts of the table, a linear head on the molecule vectors. Classification: binary cross-entropy per task with missing
 * labels masked out; metric ROC-AUC averaged over the tasks with both classes in the split (the others
 * are counted as {@code tasks_unscored} and listed with the reason in the data report; a column with
 * one class in the whole file is an error, and so is a split with no column to score: before training
 * on a whole data set, when its metric is asked for on a {@code limit} slice).
 * Regression: squared error on targets standardised with the training split's mean and SD;
 * metric RMSE in the original units.
 */
public final class LabelledMoleculeTask implements Task<GraphBatch> {

    private final String id;
    private final String fileName;
    private final LabelKind kind;
    private final FeaturizedTable table;
    private final Map<Split, GraphDataset> splits = new EnumMap<>(Split.class);
    private final int tasks;
    private GraphDataset pretrainingCorpus;
    private final double[] mean;
    private final double[] sd;
    /** Per split, why a column cannot be scored there (one class, or no labels); absent when all can. */
    private final Map<Split, List<String>> unscored = new EnumMap<>(Split.class);
    private List<String> cacheWarnings = List.of();
    /** How new inputs are read for prediction: the SMILES column and the longest SMILES accepted. */
    private String smilesColumn = "smiles";
    private int maxSmilesLength = MoleculeLoader.DEFAULT_MAX_SMILES_LENGTH;
    /** How the label kind was decided (set, or inferred and why), for the data report; null for bundled files. */
    private String kindFrom;

    /**
     * @param id       the task's name in datasets and records (e.g. {@code bbbp})
     * @param fileName the data file's name, the key of its checksum in records
     * @throws ConfigurationException when a part of the split is empty
     */
    public LabelledMoleculeTask(String id, String fileName, LabelKind kind, FeaturizedTable table, Splits split, String splitKind) {
        split.requireEveryPart(table, splitKind);
        this.id = id;
        this.fileName = fileName;
        this.kind = kind;
        this.table = table;
        this.tasks = table.labelNames().size();
        noteUnscorable(Split.TRAIN, split.train());
        noteUnscorable(Split.VALIDATION, split.validation());
        noteUnscorable(Split.TEST, split.test());
        this.mean = new double[tasks];
        this.sd = new double[tasks];
        java.util.Arrays.fill(sd, 1.0);
        if (kind == LabelKind.REGRESSION) {
            standardiseFrom(split.train());
        }
        splits.put(Split.TRAIN, subset("train", split.train()));
        splits.put(Split.VALIDATION, subset("validation", split.validation()));
        splits.put(Split.TEST, subset("test", split.test()));
    }

    /** A bundled MoleculeNet data set's task. */
    public LabelledMoleculeTask(MoleculeNetDataset dataset, FeaturizedTable table, Splits split, String splitKind) {
        this(dataset.id(), dataset.fileName(), dataset.kind(), table, split, splitKind);
    }

    public LabelledMoleculeTask(MoleculeNetDataset dataset, FeaturizedTable table, Splits split) {
        this(dataset, table, split, "given");
    }

    private boolean classification() {
        return kind == LabelKind.CLASSIFICATION;
    }

    public LabelKind kind() {
        return kind;
    }

    /** Records how the label kind was decided, for the data report. */
    void kindFrom(String how) {
        this.kindFrom = how;
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
        return new GraphDataset(id + "/" + part, graphs, labels);
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
        pretrainingCorpus = new GraphDataset(id + "/train+general", mixed, null);
    }

    @Override
    public GraphDataset pretrainingCorpus() {
        return pretrainingCorpus != null ? pretrainingCorpus : splits.get(Split.TRAIN);
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
        double loss = classification()
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
        return MoleculePredictor.score(encoder, encoderParams, head, splits.get(split), classification(), mean, sd);
    }

    /** Label names, kind, standardisation and the input column: all {@link MoleculePredictor} needs. */
    @Override
    public Map<String, Object> predictorState() {
        return MoleculePredictor.state(table.labelNames(), kind, mean, sd, smilesColumn, maxSmilesLength);
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
        return classification() ? "roc_auc" : "rmse";
    }

    @Override
    public boolean higherIsBetter() {
        return classification();
    }

    @Override
    public Map<String, Object> dataReport() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("file", table.source());
        r.put("kind", kind.id());
        if (kindFrom != null) {
            r.put("kindFrom", kindFrom);
        }
        r.put("labels", table.labelNames());
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
        return Map.of(fileName, table.sha256());
    }

    /**
     * Builds a task from a loaded table, with the settings every molecule-table provider shares
     * ({@link #SHARED_SETTINGS}): a slice ({@code limit}), the split, the general-corpus mix.
     *
     * @param split the split of the (sliced) table, made by the provider (which checks first that a
     *              split it computes has enough molecules: {@link Splits#requireEnough})
     */
    static LabelledMoleculeTask build(String id, String fileName, LabelKind kind, FeaturizedTable table,
                                      java.util.function.Function<FeaturizedTable, Splits> split, String splitKind,
                                      Settings settings, MoleculeLoader loader, String smilesColumn) {
        LabelColumns.requireUsable(table, kind == LabelKind.CLASSIFICATION);
        int limit = settings.getInt("limit");
        if (limit > 0 && limit < table.size()) {
            table = new FeaturizedTable(table.source(), table.sha256(), table.labelNames(),
                    table.graphs().subList(0, limit), java.util.Arrays.copyOf(table.labels(), limit),
                    java.util.Arrays.copyOf(table.lines(), limit), table.skipped());
        }
        LabelledMoleculeTask task = new LabelledMoleculeTask(id, fileName, kind, table, split.apply(table), splitKind);
        task.cacheWarnings = loader.cacheWarnings();
        task.smilesColumn = smilesColumn;
        task.maxSmilesLength = settings.getInt("maxSmilesLength");
        if (limit == 0) {
            task.requireScorable(); // a slice for a smoke run is checked when its metric is asked for
        }
        task.mixGeneralCorpus(settings.getInt("generalCorpus"), settings.getInt("splitSeed"));
        return task;
    }

    /** The loader a provider's settings ask for ({@code cache}, {@code maxSmilesLength}). */
    static MoleculeLoader loader(Settings settings) {
        return new MoleculeLoader(settings.getBoolean("cache") ? MoleculeLoader.defaultCacheDir() : null,
                settings.getInt("maxSmilesLength"));
    }

    /** A scaffold (deterministic) or seeded random 80/10/10 split; {@code what} lists the choices for the error. */
    static Splits split(String kind, FeaturizedTable table, int seed, Settings settings, String choices) {
        return switch (kind) {
            case "scaffold" -> Splits.scaffold(table.graphs(), 0.8, 0.1);
            case "random" -> Splits.random(table.size(), 0.8, 0.1, seed);
            default -> throw new ConfigurationException(settings.owner() + ": setting 'split' must be " + choices + ", got '"
                    + kind + "'");
        };
    }

    /** Settings of every molecule-table task provider. */
    static final List<SettingSpec> SHARED_SETTINGS = List.of(
            SettingSpec.ofInt("splitSeed", 0, "seed of the random split"),
            SettingSpec.ofString("invalidSmiles", "fail", "fail, or skip (count and list) unparseable SMILES"),
            SettingSpec.ofInt("limit", 0, "use only the first N molecules (0 = all); for tests and smoke runs"),
            SettingSpec.ofInt("generalCorpus", 0, "mix this many general molecules (no test molecule of any set) into level I's corpus"),
            SettingSpec.ofBoolean("cache", true, "cache featurised molecules on disk"),
            SettingSpec.ofInt("maxSmilesLength", MoleculeLoader.DEFAULT_MAX_SMILES_LENGTH,
                    "a longer SMILES is an invalid row (see invalidSmiles): CDK overflows the stack on very large molecules"));
}
