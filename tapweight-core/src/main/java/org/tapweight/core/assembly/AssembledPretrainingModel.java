package org.tapweight.core.assembly;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tapweight.api.modality.Batch;
import org.tapweight.api.modality.Dataset;
import org.tapweight.api.modality.Encoder;
import org.tapweight.api.modality.Head;
import org.tapweight.api.modality.Objective;
import org.tapweight.api.model.Noise;
import org.tapweight.api.model.ParameterLayout;
import org.tapweight.api.model.PretrainingModel;
import org.tapweight.nn.Seeds;
import org.tapweight.nn.Vectors;

/**
 * Level I from plug-ins: one encoder, K objectives with their heads, batches of an unlabelled corpus.
 * Each objective draws its random numbers from the evaluation's noise and its own index, so the two
 * passes of a probe see the same corruption.
 */
public final class AssembledPretrainingModel<B extends Batch> implements PretrainingModel {

    private final Encoder<B> encoder;
    private final List<Objective<B>> objectives;
    private final List<String> ids;
    private final Dataset<B> corpus;
    private final BatchSampler sampler;
    private final ParameterLayout layout;
    private final int representation;
    private final BatchCache<B> cache;

    public AssembledPretrainingModel(Encoder<B> encoder, List<Objective<B>> objectives, List<String> ids,
                                     Dataset<B> corpus, int batchSize, long seed) {
        this.encoder = encoder;
        this.objectives = List.copyOf(objectives);
        this.ids = List.copyOf(ids);
        this.corpus = corpus;
        this.sampler = new BatchSampler(corpus.size(), batchSize, Seeds.derive(seed, "corpus", 0));
        this.representation = encoder.representationSize();
        List<Integer> sizes = new ArrayList<>();
        for (Objective<B> o : objectives) {
            sizes.add(o.headSize(representation));
        }
        this.layout = ParameterLayout.of(encoder.parameterCount(), ids, sizes);
        this.cache = new BatchCache<>(i -> corpus.batch(sampler.indices(i)));
    }

    @Override
    public ParameterLayout layout() {
        return layout;
    }

    @Override
    public List<String> objectiveIds() {
        return ids;
    }

    public Encoder<B> encoder() {
        return encoder;
    }

    /** The objectives, in the order of {@link #objectiveIds()}. */
    public List<Objective<B>> objectives() {
        return objectives;
    }

    @Override
    public void initialize(INDArray params, long seed) {
        encoder.initialize(encoderView(params), Seeds.derive(seed, "encoder", 0));
        for (int k = 0; k < objectives.size(); k++) {
            objectives.get(k).initializeHead(headView(params, k), representation, Seeds.derive(seed, "head", k));
        }
    }

    @Override
    public double[] evaluate(INDArray params, long batchIndex, Noise noise, double[] coefficients, INDArray gradOut) {
        B batch = cache.get(batchIndex);
        double[] losses = new double[objectives.size()];
        if (gradOut != null) {
            gradOut.assign(0.0);
        }
        INDArray encoderParams = encoderView(params);
        for (int k = 0; k < objectives.size(); k++) {
            Head.Gradients grads = gradOut == null || coefficients[k] == 0.0 ? null
                    : new Head.Gradients(encoderView(gradOut), headView(gradOut, k), coefficients[k]);
            Noise own = new Noise(Seeds.derive(noise.seed(), "objective", k), noise.stochastic());
            losses[k] = objectives.get(k).loss(encoder, encoderParams, headView(params, k), batch, own, grads);
        }
        return losses;
    }

    private INDArray encoderView(INDArray params) {
        return params.get(Vectors.range(0, layout.encoderSize()));
    }

    private INDArray headView(INDArray params, int k) {
        ParameterLayout.Segment s = layout.heads().get(k);
        return params.get(Vectors.range(s.offset(), s.offset() + s.length()));
    }
}
