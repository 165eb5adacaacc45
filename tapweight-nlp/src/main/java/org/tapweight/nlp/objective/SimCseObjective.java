package org.tapweight.nlp.objective;

import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tapweight.api.modality.Dataset;
import org.tapweight.api.modality.Encoder;
import org.tapweight.api.modality.Objective;
import org.tapweight.api.modality.ObjectiveProvider;
import org.tapweight.api.model.Noise;
import org.tapweight.api.plugin.ConfigurationException;
import org.tapweight.api.plugin.SettingSpec;
import org.tapweight.api.plugin.Settings;
import org.tapweight.nn.Seeds;
import org.tapweight.nn.Linear;
import org.tapweight.nn.Losses;
import org.tapweight.nn.UnitRows;
import org.tapweight.nlp.model.TextBatch;
import org.tapweight.nlp.model.TextPass;

/**
 * Unsupervised SimCSE (Gao et al. 2021): each sentence is encoded twice with different dropout
 * masks; a linear projection of the sequence vectors is L2-normalised and, for sentence i, the loss
 * is the cross-entropy of picking its own second view among the second views of the batch (in-batch
 * negatives) from cosine similarities divided by the temperature.
 *
 * <p>Both views' dropout masks come from the evaluation's noise (view seeds derived from it), so the
 * two sides of a finite-difference probe with the same noise see the same masks; the probe then
 * measures curvature, not dropout noise. With deterministic noise there is no dropout and the views
 * coincide.
 */
public final class SimCseObjective implements Objective<TextBatch> {

    private final double temperature;
    private final int projection;

    public SimCseObjective(double temperature, int projection) {
        this.temperature = temperature;
        this.projection = projection;
    }

    @Override
    public Class<TextBatch> batchType() {
        return TextBatch.class;
    }

    @Override
    public void prepare(Dataset<TextBatch> corpus) {
        TextObjectives.requireText(corpus, "simcse");
    }

    @Override
    public Map<String, Object> report() {
        Map<String, Object> r = new java.util.LinkedHashMap<>();
        r.put("temperature", temperature);
        r.put("projection", projection);
        return r;
    }

    @Override
    public int headSize(int representationSize) {
        return new Linear(representationSize, projection).size();
    }

    @Override
    public void initializeHead(INDArray head, int representationSize, long seed) {
        new Linear(representationSize, projection).initialize(head, seed);
    }

    /** The noise of view {@code v}: its own dropout masks, reproducible from the evaluation's noise. */
    static Noise viewNoise(Noise noise, int view) {
        return new Noise(Seeds.derive(noise.seed(), "simcse-view", view), noise.stochastic());
    }

    @Override
    public double loss(Encoder<TextBatch> encoder, INDArray encoderParams, INDArray head, TextBatch batch, Noise noise,
                       Gradients grads) {
        int n = batch.sequences();
        if (n < 2) {
            return 0.0;
        }
        TextPass[] passes = new TextPass[2];
        INDArray[] z = new INDArray[2];
        UnitRows.State[] unit = new UnitRows.State[2];
        Linear linear = null;
        for (int v = 0; v < 2; v++) {
            passes[v] = TextObjectives.pass(encoder, encoderParams, batch, viewNoise(noise, v), "simcse");
            linear = new Linear((int) passes[v].output().columns(), projection);
            unit[v] = UnitRows.forward(linear.forward(head, passes[v].output()));
            z[v] = unit[v].unit();
        }
        INDArray s = z[0].mmul(z[1].transpose()).divi(temperature); // [n, n]
        int[] targets = new int[n];
        for (int i = 0; i < n; i++) {
            targets[i] = i;
        }
        INDArray dS = grads == null ? null : s.ulike();
        double loss = Losses.softmaxCrossEntropy(s, targets, dS);
        if (grads != null) {
            // S = Z0 Z1^T / tau
            INDArray[] dZ = {dS.mmul(z[1]).divi(temperature), dS.transpose().mmul(z[0]).divi(temperature)};
            for (int v = 0; v < 2; v++) {
                INDArray du = UnitRows.backward(unit[v], dZ[v]);
                INDArray dRep = linear.backward(head, passes[v].output(), du, grads.head(), grads.scale());
                passes[v].backward(dRep.muli(grads.scale()), grads.encoder());
            }
        }
        return loss;
    }

    /** Service provider for id {@code simcse} (modality {@code text}). */
    public static final class Provider implements ObjectiveProvider {
        @Override
        public String id() {
            return "simcse";
        }

        @Override
        public String description() {
            return "unsupervised SimCSE: two dropout views per sentence, in-batch negatives, cosine / temperature";
        }

        @Override
        public String modality() {
            return "text";
        }

        @Override
        public List<SettingSpec> settings() {
            return List.of(SettingSpec.ofDouble("temperature", 0.05, "temperature of the cosine similarities"),
                    SettingSpec.ofInt("projection", 128, "width of the projection head"));
        }

        @Override
        public Objective<?> create(Settings settings) {
            int p = settings.getInt("projection");
            if (p < 1) {
                throw new ConfigurationException(settings.owner() + ": setting 'projection' must be >= 1");
            }
            return new SimCseObjective(settings.requireNonNegative("temperature", false), p);
        }
    }
}
