package org.tapweight.core.data;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tapweight.api.modality.Batch;
import org.tapweight.api.modality.Encoder;
import org.tapweight.api.modality.Task;
import org.tapweight.api.model.Noise;
import org.tapweight.api.model.Split;

/**
 * A general unlabelled corpus posing as a task, for {@code PRETRAIN} runs of a base encoder: no
 * head, no task loss; its only metric is the number of examples in a split. Subclasses load the
 * corpus and fill {@link #checksums}.
 *
 * @param <B> the modality's batch type
 */
public abstract class UnlabelledCorpusTask<B extends Batch> implements Task<B> {

    private final String unit;
    /** File name to SHA-256 of everything the corpus read. */
    protected final Map<String, String> checksums = new LinkedHashMap<>();

    /** @param unit what an example is called in the metrics, e.g. {@code "molecules"} */
    protected UnlabelledCorpusTask(String unit) {
        this.unit = unit;
    }

    @Override
    public int headSize(int representationSize) {
        return 0;
    }

    @Override
    public void initializeHead(INDArray head, int representationSize, long seed) {
    }

    @Override
    public double loss(Encoder<B> encoder, INDArray encoderParams, INDArray head, B batch, Noise noise, Gradients grads) {
        return 0.0;
    }

    @Override
    public Map<String, Double> metrics(Encoder<B> encoder, INDArray encoderParams, INDArray head, Split split) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put(unit, (double) data(split).size());
        return m;
    }

    @Override
    public String primaryMetric() {
        return unit;
    }

    @Override
    public boolean higherIsBetter() {
        return true;
    }

    @Override
    public Map<String, String> dataChecksums() {
        return checksums;
    }
}
