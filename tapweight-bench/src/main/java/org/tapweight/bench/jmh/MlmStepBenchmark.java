package org.tapweight.bench.jmh;

import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.tapweight.api.modality.Head;
import org.tapweight.api.model.Noise;
import org.tapweight.nlp.model.TextBatch;
import org.tapweight.nlp.model.TextDataset;
import org.tapweight.nlp.model.TransformerEncoder;
import org.tapweight.nlp.objective.MaskedLanguageModelObjective;

/**
 * What the MLM benchmarks share: one batch of encoded sequences, the objective, parameters and
 * gradient vectors, and the timed step (one MLM loss with its gradient for encoder and head, step
 * {@code i} corrupting the batch with {@code Noise.of(i)}). Subclasses choose the encoder and batch.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public abstract class MlmStepBenchmark implements MlmBench {

    private TransformerEncoder encoder;
    private MaskedLanguageModelObjective mlm;
    private INDArray params;
    private INDArray head;
    private INDArray gradEncoder;
    private INDArray gradHead;
    private TextBatch batch;
    private long step;

    /**
     * Sets up the step: the batch of all {@code ids}, the objective prepared on them, the encoder's
     * parameters ({@code initializeEncoder} fills them) and the head's (seeded).
     */
    protected void prepare(TransformerEncoder encoder, MaskedLanguageModelObjective mlm, int[][] ids, int[][] types,
                           int vocabulary, DataType type, Consumer<INDArray> initializeEncoder) {
        this.encoder = encoder;
        this.mlm = mlm;
        TextDataset data = TextDataset.ofEncoded("random", ids, types, null, vocabulary);
        mlm.prepare(data);
        int[] all = new int[ids.length];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        batch = data.batch(all);
        params = Nd4j.zeros(type, encoder.parameterCount());
        initializeEncoder.accept(params);
        head = Nd4j.zeros(type, mlm.headSize(encoder.representationSize()));
        mlm.initializeHead(head, encoder.representationSize(), 2);
        gradEncoder = params.ulike();
        gradHead = head.ulike();
    }

    @Override
    public TransformerEncoder encoder() {
        return encoder;
    }

    @Override
    public INDArray params() {
        return params;
    }

    @Override
    public INDArray head() {
        return head;
    }

    @Override
    public TextBatch batch() {
        return batch;
    }

    @Override
    public MaskedLanguageModelObjective mlm() {
        return mlm;
    }

    /** One MLM loss with its gradient for encoder and head. */
    @Benchmark
    public double mlmForwardBackward() {
        gradEncoder.assign(0);
        gradHead.assign(0);
        return mlm.loss(encoder, params, head, batch, Noise.of(step++), new Head.Gradients(gradEncoder, gradHead, 1.0));
    }
}
