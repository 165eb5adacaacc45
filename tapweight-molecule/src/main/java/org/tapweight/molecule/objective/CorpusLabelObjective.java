package org.tapweight.molecule.objective;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tapweight.api.modality.Dataset;
import org.tapweight.api.modality.Encoder;
import org.tapweight.api.modality.Objective;
import org.tapweight.api.model.Noise;
import org.tapweight.nn.Linear;
import org.tapweight.nn.Losses;
import org.tapweight.molecule.model.GraphBatch;
import org.tapweight.molecule.model.GraphDataset;
import org.tapweight.molecule.model.GraphEncoder;
import org.tapweight.molecule.model.GraphPass;

/**
 * An objective that predicts per-molecule labels derived once from the corpus (multi-label binary
 * or standardised regression) from the molecule vector, through a linear head. NaN labels (a
 * molecule the derivation could not handle) count for nothing.
 */
abstract class CorpusLabelObjective implements Objective<GraphBatch> {

    /** Bumped whenever a derivation changes, so labels cached by older code are not reused. */
    static final int LABEL_VERSION = 1;

    private final String id;
    private final boolean binary;
    private CorpusLabels labels;
    private int columns = -1;
    private final java.util.List<String> cacheWarnings = new java.util.ArrayList<>();

    CorpusLabelObjective(String id, boolean binary) {
        this.id = id;
        this.binary = binary;
    }

    /** Derives the labels of every corpus molecule. */
    abstract CorpusLabels derive(GraphDataset corpus);

    /** The settings that change the labels, for the cache key. */
    abstract String settingsKey();

    @Override
    public final Class<GraphBatch> batchType() {
        return GraphBatch.class;
    }

    @Override
    public final void prepare(Dataset<GraphBatch> corpus) {
        GraphDataset graphs = CorpusLabels.requireGraphs(corpus, id);
        labels = CorpusLabels.cached(id + "|v" + LABEL_VERSION + "|" + settingsKey(), graphs, () -> derive(graphs), cacheWarnings::add);
        columns = labels.columns().size();
    }

    /**
     * The label columns, how many corpus molecules got no label at all (the derivation failed for
     * them) and, if any, the label cache files that were damaged and rebuilt.
     */
    @Override
    public java.util.Map<String, Object> report() {
        if (labels == null) {
            return java.util.Map.of();
        }
        int unlabelled = 0;
        for (double[] row : labels.values()) {
            boolean any = false;
            for (double v : row) {
                any |= !Double.isNaN(v);
            }
            if (!any) {
                unlabelled++;
            }
        }
        java.util.Map<String, Object> r = new java.util.LinkedHashMap<>();
        r.put("columns", labels.columns());
        r.put("corpusMolecules", labels.values().length);
        r.put("moleculesWithoutLabels", unlabelled);
        if (!cacheWarnings.isEmpty()) {
            r.put("cacheWarnings", java.util.List.copyOf(cacheWarnings));
        }
        return r;
    }

    /**
     * The label column names: a head trained on another corpus predicts its own columns, so it is
     * carried over only where the columns are the same, in the same order.
     */
    @Override
    public java.util.Map<String, Object> headSignature() {
        return labels == null ? java.util.Map.of() : java.util.Map.of("columns", labels.columns());
    }

    /** The derived labels (after {@link #prepare}). */
    public CorpusLabels labels() {
        return labels;
    }

    private int columns() {
        if (columns < 0) {
            throw new IllegalStateException("objective '" + id + "' was not prepared on a corpus");
        }
        return columns;
    }

    @Override
    public final int headSize(int representationSize) {
        return new Linear(representationSize, columns()).size();
    }

    @Override
    public final void initializeHead(INDArray head, int representationSize, long seed) {
        new Linear(representationSize, columns()).initialize(head, seed);
    }

    @Override
    public final double loss(Encoder<GraphBatch> encoder, INDArray encoderParams, INDArray head, GraphBatch batch,
                             Noise noise, Gradients grads) {
        GraphPass pass = GraphEncoder.of(encoder, "objective '" + id + "'").forward(encoderParams, batch, noise);
        Linear linear = new Linear((int) pass.graphs().columns(), columns());
        INDArray out = linear.forward(head, pass.graphs());
        double[][] rows = new double[batch.indices().length][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = labels.values()[batch.indices()[i]];
        }
        INDArray targets = Nd4j.createFromArray(rows).castTo(out.dataType());
        INDArray dOut = grads == null ? null : out.ulike();
        double loss = binary ? Losses.binaryCrossEntropy(out, targets, dOut) : Losses.halfSquaredError(out, targets, dOut);
        if (grads != null) {
            INDArray dRep = linear.backward(head, pass.graphs(), dOut, grads.head(), grads.scale());
            pass.backward(null, dRep.muli(grads.scale()), grads.encoder());
        }
        return loss;
    }
}
