package org.tapweight.molecule.objective;

import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.tapweight.api.modality.Dataset;
import org.tapweight.api.modality.Encoder;
import org.tapweight.api.modality.Objective;
import org.tapweight.api.modality.ObjectiveProvider;
import org.tapweight.api.model.Noise;
import org.tapweight.api.plugin.ConfigurationException;
import org.tapweight.api.plugin.SettingSpec;
import org.tapweight.api.plugin.Settings;
import org.tapweight.nn.Linear;
import org.tapweight.molecule.model.GraphBatch;
import org.tapweight.molecule.model.GraphEncoder;
import org.tapweight.molecule.model.GraphPass;

/**
 * Graph contrastive learning (GraphCL-style): two views of each molecule, each with atoms masked
 * and bonds dropped at random (drawn from the noise), encoded, projected by a linear head and
 * L2-normalised; NT-Xent loss with temperature tau over the 2N views of the batch, the other view
 * of the same molecule being the positive and the other 2N - 2 views the negatives.
 */
public final class GraphContrastiveObjective implements Objective<GraphBatch> {

    private final double maskRate;
    private final double dropRate;
    private final double temperature;
    private final int projection;

    public GraphContrastiveObjective(double maskRate, double dropRate, double temperature, int projection) {
        this.maskRate = maskRate;
        this.dropRate = dropRate;
        this.temperature = temperature;
        this.projection = projection;
    }

    @Override
    public Class<GraphBatch> batchType() {
        return GraphBatch.class;
    }

    @Override
    public void prepare(Dataset<GraphBatch> corpus) {
        CorpusLabels.requireGraphs(corpus, "graph-contrastive");
    }

    @Override
    public int headSize(int representationSize) {
        return new Linear(representationSize, projection).size();
    }

    @Override
    public void initializeHead(INDArray head, int representationSize, long seed) {
        new Linear(representationSize, projection).initialize(head, seed);
    }

    GraphBatch augment(GraphBatch batch, Random rnd) {
        java.util.List<Integer> chosen = new java.util.ArrayList<>();
        for (int a = 0; a < batch.atoms(); a++) {
            if (rnd.nextDouble() < maskRate) {
                chosen.add(a);
            }
        }
        int[] masked = chosen.stream().mapToInt(Integer::intValue).toArray();
        boolean[] drop = new boolean[batch.edges() / 2];
        for (int b = 0; b < drop.length; b++) {
            drop[b] = rnd.nextDouble() < dropRate;
        }
        return batch.withMaskedAtoms(masked).withoutBonds(drop);
    }

    @Override
    public double loss(Encoder<GraphBatch> encoder, INDArray encoderParams, INDArray head, GraphBatch batch, Noise noise,
                       Gradients grads) {
        int n = batch.graphs();
        if (n < 2) {
            return 0.0;
        }
        Random rnd = new Random(org.tapweight.nn.Seeds.derive(noise.seed(), "augment", 0));
        GraphPass[] passes = new GraphPass[2];
        INDArray[] reps = new INDArray[2];
        for (int view = 0; view < 2; view++) {
            passes[view] = GraphEncoder.of(encoder, "objective 'graph-contrastive'").forward(encoderParams, augment(batch, rnd),
                    new Noise(noise.seed() * 31 + view + 1, noise.stochastic()));
            reps[view] = passes[view].graphs();
        }
        INDArray g = Nd4j.vstack(reps[0], reps[1]); // [2n, hidden]
        Linear linear = new Linear((int) g.columns(), projection);
        INDArray u = linear.forward(head, g); // [2n, p]
        org.tapweight.nn.UnitRows.State unit = org.tapweight.nn.UnitRows.forward(u);
        INDArray z = unit.unit();
        INDArray s = z.mmul(z.transpose()).divi(temperature); // [2n, 2n]
        double loss = 0;
        INDArray dS = Nd4j.zeros(s.dataType(), 2 * n, 2 * n);
        for (int i = 0; i < 2 * n; i++) {
            int pos = i < n ? i + n : i - n;
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < 2 * n; k++) {
                if (k != i) {
                    max = Math.max(max, s.getDouble(i, k));
                }
            }
            double sum = 0;
            for (int k = 0; k < 2 * n; k++) {
                if (k != i) {
                    sum += Math.exp(s.getDouble(i, k) - max);
                }
            }
            double logSum = max + Math.log(sum);
            loss += logSum - s.getDouble(i, pos);
            if (grads != null) {
                for (int k = 0; k < 2 * n; k++) {
                    if (k != i) {
                        dS.putScalar(i, k, Math.exp(s.getDouble(i, k) - logSum) / (2 * n));
                    }
                }
                dS.putScalar(i, pos, dS.getDouble(i, pos) - 1.0 / (2 * n));
            }
        }
        loss /= 2 * n;
        if (grads != null) {
            // S = Z Z^T / tau  =>  dZ = (dS + dS^T) Z / tau
            INDArray dZ = dS.add(dS.transpose()).mmul(z).divi(temperature);
            INDArray du = org.tapweight.nn.UnitRows.backward(unit, dZ);
            INDArray dG = linear.backward(head, g, du, grads.head(), grads.scale()).muli(grads.scale());
            passes[0].backward(null, dG.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, n),
                    org.nd4j.linalg.indexing.NDArrayIndex.all()).dup(), grads.encoder());
            passes[1].backward(null, dG.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(n, 2 * n),
                    org.nd4j.linalg.indexing.NDArrayIndex.all()).dup(), grads.encoder());
        }
        return loss;
    }

    /** Service provider for id {@code graph-contrastive} (modality {@code molecule}). */
    public static final class Provider implements ObjectiveProvider {
        @Override
        public String id() {
            return "graph-contrastive";
        }

        @Override
        public String description() {
            return "NT-Xent between two augmented views (atom masking, bond dropping) of each molecule";
        }

        @Override
        public String modality() {
            return "molecule";
        }

        @Override
        public List<SettingSpec> settings() {
            return List.of(SettingSpec.ofDouble("maskRate", 0.15, "fraction of atoms masked in each view"),
                    SettingSpec.ofDouble("dropRate", 0.15, "fraction of bonds dropped in each view"),
                    SettingSpec.ofDouble("temperature", 0.1, "NT-Xent temperature tau"),
                    SettingSpec.ofInt("projection", 64, "width of the projection head"));
        }

        @Override
        public Objective<?> create(Settings settings) {
            double mask = settings.getDouble("maskRate");
            double drop = settings.getDouble("dropRate");
            if (!(mask >= 0 && mask < 1) || !(drop >= 0 && drop < 1)) {
                throw new ConfigurationException(settings.owner() + ": maskRate and dropRate must be in [0, 1)");
            }
            int p = settings.getInt("projection");
            if (p < 1) {
                throw new ConfigurationException(settings.owner() + ": setting 'projection' must be >= 1");
            }
            return new GraphContrastiveObjective(mask, drop, settings.requireNonNegative("temperature", false), p);
        }
    }
}
