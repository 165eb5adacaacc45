package org.tapweight.molecule.objective;

import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tapweight.api.modality.Dataset;
import org.tapweight.api.modality.Encoder;
import org.tapweight.api.modality.Objective;
import org.tapweight.api.modality.ObjectiveProvider;
import org.tapweight.api.model.Noise;
import org.tapweight.api.plugin.ConfigurationException;
import org.tapweight.api.plugin.SettingSpec;
import org.tapweight.api.plugin.Settings;
import org.tapweight.nn.Linear;
import org.tapweight.nn.Losses;
import org.tapweight.molecule.chem.AtomFeatures;
import org.tapweight.molecule.model.GraphBatch;
import org.tapweight.molecule.model.GraphEncoder;
import org.tapweight.molecule.model.GraphPass;

/**
 * Masked atom attribute prediction: a fraction of the atoms (at least one per batch, drawn from the
 * noise) have every feature replaced by its mask code, and a linear head predicts each masked
 * atom's element from its node vector (softmax cross-entropy).
 */
public final class AttributeMaskingObjective implements Objective<GraphBatch> {

    private static final int CLASSES = AtomFeatures.size(AtomFeatures.ELEMENT);
    private final double maskRate;

    public AttributeMaskingObjective(double maskRate) {
        this.maskRate = maskRate;
    }

    @Override
    public Class<GraphBatch> batchType() {
        return GraphBatch.class;
    }

    @Override
    public void prepare(Dataset<GraphBatch> corpus) {
        CorpusLabels.requireGraphs(corpus, "attribute-masking");
    }

    @Override
    public int headSize(int representationSize) {
        return new Linear(representationSize, CLASSES).size();
    }

    @Override
    public void initializeHead(INDArray head, int representationSize, long seed) {
        new Linear(representationSize, CLASSES).initialize(head, seed);
    }

    /** The atoms to mask, drawn from the noise's seed. */
    int[] maskedAtoms(GraphBatch batch, Noise noise) {
        // Own stream: the encoder's dropout draws from noise.seed() itself.
        Random rnd = new Random(org.tapweight.nn.Seeds.derive(noise.seed(), "mask", 0));
        int n = batch.atoms();
        boolean[] chosen = new boolean[n];
        int count = 0;
        for (int a = 0; a < n; a++) {
            if (rnd.nextDouble() < maskRate) {
                chosen[a] = true;
                count++;
            }
        }
        if (count == 0) {
            chosen[rnd.nextInt(n)] = true;
            count = 1;
        }
        int[] out = new int[count];
        int k = 0;
        for (int a = 0; a < n; a++) {
            if (chosen[a]) {
                out[k++] = a;
            }
        }
        return out;
    }

    @Override
    public double loss(Encoder<GraphBatch> encoder, INDArray encoderParams, INDArray head, GraphBatch batch, Noise noise,
                       Gradients grads) {
        int[] masked = maskedAtoms(batch, noise);
        int[] targets = new int[masked.length];
        for (int i = 0; i < masked.length; i++) {
            targets[i] = batch.atomFeatures()[masked[i] * AtomFeatures.COUNT + AtomFeatures.ELEMENT];
        }
        GraphPass pass = GraphEncoder.of(encoder, "objective 'attribute-masking'").forward(encoderParams, batch.withMaskedAtoms(masked), noise);
        INDArray x = pass.nodes().getRows(masked);
        Linear linear = new Linear((int) x.columns(), CLASSES);
        INDArray logits = linear.forward(head, x);
        INDArray dLogits = grads == null ? null : logits.ulike();
        double loss = Losses.softmaxCrossEntropy(logits, targets, dLogits);
        if (grads != null) {
            INDArray dx = linear.backward(head, x, dLogits, grads.head(), grads.scale());
            INDArray dNodes = org.nd4j.linalg.factory.Nd4j.zeros(pass.nodes().dataType(), pass.nodes().shape());
            for (int i = 0; i < masked.length; i++) {
                dNodes.putRow(masked[i], dx.getRow(i).mul(grads.scale()));
            }
            pass.backward(dNodes, null, grads.encoder());
        }
        return loss;
    }

    /** Service provider for id {@code attribute-masking} (modality {@code molecule}). */
    public static final class Provider implements ObjectiveProvider {
        @Override
        public String id() {
            return "attribute-masking";
        }

        @Override
        public String description() {
            return "mask atoms and predict their element from the masked graph";
        }

        @Override
        public String modality() {
            return "molecule";
        }

        @Override
        public List<SettingSpec> settings() {
            return List.of(SettingSpec.ofDouble("maskRate", 0.15, "fraction of atoms masked"));
        }

        @Override
        public Objective<?> create(Settings settings) {
            double rate = settings.getDouble("maskRate");
            if (!(rate > 0 && rate < 1)) {
                throw new ConfigurationException(settings.owner() + ": setting 'maskRate' must be in (0, 1), got " + rate);
            }
            return new AttributeMaskingObjective(rate);
        }
    }
}
