package org.tapweight.molecule.task;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tapweight.api.modality.Dataset;
import org.tapweight.api.modality.Encoder;
import org.tapweight.api.modality.PredictionInputs;
import org.tapweight.api.modality.Predictor;
import org.tapweight.api.model.Noise;
import org.tapweight.api.plugin.ConfigurationException;
import org.tapweight.core.data.DelimitedTable;
import org.tapweight.molecule.chem.Featurizer;
import org.tapweight.molecule.chem.MolecularGraph;
import org.tapweight.molecule.data.LabelKind;
import org.tapweight.molecule.data.MoleculeLoader;
import org.tapweight.molecule.model.GraphBatch;
import org.tapweight.molecule.model.GraphDataset;
import org.tapweight.nn.Linear;
import org.tapweight.nn.Losses;

/**
 * Scores new molecules with a trained molecule-table model: reads a CSV's (or TSV's) SMILES column, featurises
 * each SMILES (a row that does not parse is kept with its reason), and gives per label the
 * probability of class 1 (classification) or the value in the label's original units (regression).
 */
public final class MoleculePredictor implements Predictor<GraphBatch> {

    private static final int BATCH = 256;

    private final List<String> labels;
    private final LabelKind kind;
    private final double[] mean;
    private final double[] sd;
    private final String smilesColumn;
    private final int maxSmilesLength;

    private MoleculePredictor(List<String> labels, LabelKind kind, double[] mean, double[] sd, String smilesColumn,
                              int maxSmilesLength) {
        this.labels = List.copyOf(labels);
        this.kind = kind;
        this.mean = mean;
        this.sd = sd;
        this.smilesColumn = smilesColumn;
        this.maxSmilesLength = maxSmilesLength;
    }

    /** What a model file keeps for this predictor (see {@link #of}). */
    static Map<String, Object> state(List<String> labels, LabelKind kind, double[] mean, double[] sd, String smilesColumn,
                                     int maxSmilesLength) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("kind", kind.id());
        s.put("labels", labels);
        s.put("mean", mean.clone());
        s.put("sd", sd.clone());
        s.put("smilesColumn", smilesColumn);
        s.put("maxSmilesLength", maxSmilesLength);
        s.put("featurizerVersion", Featurizer.VERSION); // atom and bond features must mean what they meant in training
        return s;
    }

    /** The predictor a model file's state describes; a missing or misshapen field is an error naming it. */
    @SuppressWarnings("unchecked")
    public static MoleculePredictor of(Map<String, Object> state) {
        try {
            List<String> labels = (List<String>) require(state, "labels");
            LabelKind kind = LabelKind.valueOf(require(state, "kind").toString().toUpperCase(java.util.Locale.ROOT));
            double[] mean = numbers(require(state, "mean"));
            double[] sd = numbers(require(state, "sd"));
            if (mean.length != labels.size() || sd.length != labels.size()) {
                throw new ConfigurationException("the model's predictor state has " + labels.size() + " labels but "
                        + mean.length + " means and " + sd.length + " standard deviations");
            }
            Object featurizer = state.get("featurizerVersion");
            if (featurizer == null || ((Number) featurizer).intValue() != Featurizer.VERSION) {
                throw new ConfigurationException("the model was trained with featurizer version " + featurizer + ", this build's is "
                        + Featurizer.VERSION + ": its atom and bond features would not mean the same; train it again with this build");
            }
            return new MoleculePredictor(labels, kind, mean, sd, require(state, "smilesColumn").toString(),
                    ((Number) require(state, "maxSmilesLength")).intValue());
        } catch (ClassCastException | IllegalArgumentException e) {
            throw new ConfigurationException("the model's predictor state is not a molecule predictor's: " + e.getMessage(), e);
        }
    }

    private static Object require(Map<String, Object> state, String field) {
        Object v = state.get(field);
        if (v == null) {
            throw new ConfigurationException("the model's predictor state has no field '" + field + "'");
        }
        return v;
    }

    private static double[] numbers(Object list) {
        return ((List<?>) list).stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray();
    }

    @Override
    public List<String> outputNames() {
        return labels.stream().map(l -> (kind == LabelKind.CLASSIFICATION ? "p_" : "predicted_") + l).toList();
    }

    @Override
    public PredictionInputs<GraphBatch> read(Path file) {
        DelimitedTable table = DelimitedTable.read(file, "auto");
        int column = table.column(smilesColumn, "SMILES");
        if (table.rows().isEmpty()) {
            throw new ConfigurationException(file + ": no rows to score below the header");
        }
        List<String> smiles = table.rows().stream().map(r -> r.fields().get(column).trim()).toList();
        List<MoleculeLoader.Parsed> parsed = new MoleculeLoader(null, maxSmilesLength).featurizeEach(smiles);
        List<PredictionInputs.Row> rows = new ArrayList<>();
        List<MolecularGraph> graphs = new ArrayList<>();
        for (int i = 0; i < table.rows().size(); i++) {
            DelimitedTable.Row r = table.rows().get(i);
            String error = parsed.get(i).error();
            if (error == null) {
                rows.add(new PredictionInputs.Row(r.line(), r.fields(), graphs.size(), null));
                graphs.add(parsed.get(i).graph());
            } else {
                rows.add(new PredictionInputs.Row(r.line(), r.fields(), -1, "field '" + smilesColumn + "': " + error));
            }
        }
        return new PredictionInputs<>(table.header(), rows, new GraphDataset(file.getFileName().toString(), graphs, null));
    }

    @Override
    public double[][] predict(Encoder<GraphBatch> encoder, INDArray encoderParams, INDArray head, Dataset<GraphBatch> data) {
        return score(encoder, encoderParams, head, data, kind == LabelKind.CLASSIFICATION, mean, sd);
    }

    /**
     * The model's outputs on every example of {@code data}: the head's logits through the sigmoid
     * (classification), or un-standardised with the training split's {@code mean} and {@code sd}.
     */
    static double[][] score(Encoder<GraphBatch> encoder, INDArray encoderParams, INDArray head, Dataset<GraphBatch> data,
                            boolean classification, double[] mean, double[] sd) {
        int tasks = mean.length;
        int expected = new Linear(encoder.representationSize(), tasks).size();
        if (head.length() != expected) {
            throw new ConfigurationException("the task head has " + head.length() + " parameters, a linear head from "
                    + encoder.representationSize() + " to " + tasks + " outputs has " + expected);
        }
        double[][] out = new double[data.size()][];
        for (int start = 0; start < data.size(); start += BATCH) {
            int[] idx = new int[Math.min(BATCH, data.size() - start)];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = start + i;
            }
            INDArray vectors = encoder.forward(encoderParams, data.batch(idx), Noise.NONE).output();
            INDArray logits = new Linear((int) vectors.columns(), tasks).forward(head, vectors);
            for (int i = 0; i < idx.length; i++) {
                double[] row = new double[tasks];
                for (int t = 0; t < tasks; t++) {
                    double z = logits.getDouble(i, t);
                    row[t] = classification ? Losses.sigmoid(z) : z * sd[t] + mean[t];
                }
                out[start + i] = row;
            }
        }
        return out;
    }
}
