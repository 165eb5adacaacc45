package org.tapweight.molecule.objective;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tapweight.api.modality.Dataset;
import org.tapweight.api.modality.Encoder;
import org.tapweight.api.modality.Objective;
import org.tapweight.api.modality.ObjectiveProvider;
import org.tapweight.api.model.Noise;
import org.tapweight.api.plugin.SettingSpec;
import org.tapweight.api.plugin.Settings;
import org.tapweight.nn.Losses;
import org.tapweight.molecule.model.GraphBatch;
import org.tapweight.molecule.model.GraphEncoder;
import org.tapweight.molecule.model.GraphPass;

/**
 * Bond prediction: the bonded atom pairs of the batch (positives) against as many random non-bonded
 * pairs of atoms in the same molecule (negatives, drawn from the noise), scored from the node
 * vectors by {@code s(u, v) = w . (h_u * h_v) + b} with binary cross-entropy. The pairs are scored on
 * the unmasked graph, as in graph auto-encoders; with {@code dropEdges} the positives are removed
 * from the graph the encoder sees, so the bond must be inferred.
 */
public final class EdgePredictionObjective implements Objective<GraphBatch> {

    private final boolean dropEdges;

    public EdgePredictionObjective(boolean dropEdges) {
        this.dropEdges = dropEdges;
    }

    @Override
    public Class<GraphBatch> batchType() {
        return GraphBatch.class;
    }

    @Override
    public void prepare(Dataset<GraphBatch> corpus) {
        CorpusLabels.requireGraphs(corpus, "edge-prediction");
    }

    @Override
    public int headSize(int representationSize) {
        return representationSize + 1;
    }

    @Override
    public void initializeHead(INDArray head, int representationSize, long seed) {
        Random rnd = new Random(seed);
        for (int i = 0; i < representationSize; i++) {
            head.putScalar(i, 1.0 + 0.1 * rnd.nextGaussian());
        }
        head.putScalar(representationSize, 0.0);
    }

    /** Positive pairs (one per bond, sampled to at most {@code max}) and the same number of negatives. */
    record Pairs(int[] u, int[] v, double[] label, boolean[] droppedBond) {
    }

    Pairs pairs(GraphBatch batch, Noise noise) {
        Random rnd = new Random(org.tapweight.nn.Seeds.derive(noise.seed(), "negative-pairs", 0));
        int bonds = batch.edges() / 2;
        List<int[]> pos = new ArrayList<>();
        Set<Long> bonded = new HashSet<>();
        for (int b = 0; b < bonds; b++) {
            int u = batch.edgeSource()[2 * b];
            int v = batch.edgeTarget()[2 * b];
            pos.add(new int[] {u, v});
            bonded.add(key(u, v));
        }
        int[] sizes = batch.graphSizes();
        int[] start = new int[batch.graphs()];
        for (int g = 1; g < start.length; g++) {
            start[g] = start[g - 1] + sizes[g - 1];
        }
        List<int[]> neg = new ArrayList<>();
        for (int[] p : pos) {
            int g = batch.atomGraph()[p[0]];
            if (sizes[g] < 3) {
                continue;
            }
            for (int attempt = 0; attempt < 10; attempt++) {
                int a = start[g] + rnd.nextInt(sizes[g]);
                int b = start[g] + rnd.nextInt(sizes[g]);
                if (a != b && !bonded.contains(key(a, b))) {
                    neg.add(new int[] {a, b});
                    break;
                }
            }
        }
        int n = pos.size() + neg.size();
        int[] u = new int[n];
        int[] v = new int[n];
        double[] label = new double[n];
        for (int i = 0; i < n; i++) {
            int[] p = i < pos.size() ? pos.get(i) : neg.get(i - pos.size());
            u[i] = p[0];
            v[i] = p[1];
            label[i] = i < pos.size() ? 1.0 : 0.0;
        }
        boolean[] drop = new boolean[bonds];
        if (dropEdges) {
            java.util.Arrays.fill(drop, true);
        }
        return new Pairs(u, v, label, drop);
    }

    private static long key(int a, int b) {
        return ((long) Math.min(a, b) << 32) | Math.max(a, b);
    }

    @Override
    public double loss(Encoder<GraphBatch> encoder, INDArray encoderParams, INDArray head, GraphBatch batch, Noise noise,
                       Gradients grads) {
        Pairs p = pairs(batch, noise);
        if (p.u().length == 0) {
            return 0.0;
        }
        GraphBatch seen = dropEdges ? batch.withoutBonds(p.droppedBond()) : batch;
        GraphPass pass = GraphEncoder.of(encoder, "objective 'edge-prediction'").forward(encoderParams, seen, noise);
        INDArray hu = pass.nodes().getRows(p.u());
        INDArray hv = pass.nodes().getRows(p.v());
        int hidden = (int) hu.columns();
        INDArray w = head.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, hidden)).reshape(1, hidden);
        double b = head.getDouble(hidden);
        INDArray prod = hu.mul(hv);
        INDArray scores = prod.mmul(w.transpose()).addi(b);
        INDArray targets = Nd4j.createFromArray(p.label()).reshape(p.u().length, 1).castTo(scores.dataType());
        INDArray dScores = grads == null ? null : scores.ulike();
        double loss = Losses.binaryCrossEntropy(scores, targets, dScores);
        if (grads != null) {
            double s = grads.scale();
            grads.head().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, hidden))
                    .addi(prod.transpose().mmul(dScores).reshape(hidden).muli(s));
            grads.head().putScalar(hidden, grads.head().getDouble(hidden) + s * dScores.sumNumber().doubleValue());
            INDArray dProd = dScores.mmul(w).muli(s);
            INDArray dhu = dProd.mul(hv);
            INDArray dhv = dProd.mul(hu);
            double[] dNodes = new double[(int) pass.nodes().length()];
            double[] a = dhu.ravel().toDoubleVector();
            double[] c = dhv.ravel().toDoubleVector();
            for (int i = 0; i < p.u().length; i++) {
                for (int k = 0; k < hidden; k++) {
                    dNodes[p.u()[i] * hidden + k] += a[i * hidden + k];
                    dNodes[p.v()[i] * hidden + k] += c[i * hidden + k];
                }
            }
            pass.backward(Nd4j.createFromArray(dNodes).reshape(pass.nodes().shape()).castTo(pass.nodes().dataType()), null,
                    grads.encoder());
        }
        return loss;
    }

    /** Service provider for id {@code edge-prediction} (modality {@code molecule}). */
    public static final class Provider implements ObjectiveProvider {
        @Override
        public String id() {
            return "edge-prediction";
        }

        @Override
        public String description() {
            return "tell bonded atom pairs from random non-bonded pairs of the same molecule";
        }

        @Override
        public String modality() {
            return "molecule";
        }

        @Override
        public List<SettingSpec> settings() {
            return List.of(SettingSpec.ofBoolean("dropEdges", false, "hide the bonds from the encoder (harder task)"));
        }

        @Override
        public Objective<?> create(Settings settings) {
            return new EdgePredictionObjective(settings.getBoolean("dropEdges"));
        }
    }
}
