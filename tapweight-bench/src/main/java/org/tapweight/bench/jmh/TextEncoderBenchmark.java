package org.tapweight.bench.jmh;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.tapweight.api.modality.Head;
import org.tapweight.api.model.Noise;
import org.tapweight.nlp.model.TextBatch;
import org.tapweight.nlp.model.TextDataset;
import org.tapweight.nlp.model.TransformerEncoder;
import org.tapweight.nlp.objective.MaskedLanguageModelObjective;

/**
 * Masked-language-modelling forward + backward of the text encoder at the reference shape:
 * batch 32, length 64, hidden 128, 4 heads, 2 layers, feed-forward 512, vocabulary 8000, 15% of
 * tokens predicted, dropout 0.1; {@code tapweight-bench/peers/side-by-side.sh} times a PyTorch twin beside it.
 * Sequences per second is {@code 32 / (ms per op / 1000)}. {@code lengths=mixed} draws each sequence's
 * length uniformly from 8 to 64 (padded to 64), the shape of a GLUE batch, where padding masks matter.
 *
 * <pre>
 * OMP_NUM_THREADS=1 java -cp tapweight-bench/target/tapweight-bench.jar org.openjdk.jmh.Main TextEncoder
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 4)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
public class TextEncoderBenchmark implements MlmBench {

    static final int VOCABULARY = 8000;
    static final int BATCH = 32;
    static final int LENGTH = 64;

    @Param({"float"})
    public String dataType;

    @Param({"full", "mixed"})
    public String lengths;

    private TransformerEncoder encoder;
    private MaskedLanguageModelObjective mlm;
    private INDArray params;
    private INDArray head;
    private INDArray gradEncoder;
    private INDArray gradHead;
    private TextBatch batch;
    private long step;

    @Setup(Level.Trial)
    public void setUp() {
        DataType type = dataType.equals("double") ? DataType.DOUBLE : DataType.FLOAT;
        encoder = new TransformerEncoder(VOCABULARY, 128, 2, 4, 512, 128, 0.1, TransformerEncoder.Pooling.CLS);
        SplittableRandom rnd = new SplittableRandom(1);
        int[][] ids = new int[BATCH][];
        int[][] types = new int[BATCH][];
        for (int b = 0; b < BATCH; b++) {
            int length = lengths.equals("mixed") && b > 0 ? 8 + rnd.nextInt(LENGTH - 7) : LENGTH;
            int[] s = new int[length];
            s[0] = 2;
            for (int i = 1; i < length - 1; i++) {
                s[i] = 5 + rnd.nextInt(VOCABULARY - 5);
            }
            s[length - 1] = 3;
            ids[b] = s;
            types[b] = new int[length];
        }
        TextDataset data = TextDataset.ofEncoded("random", ids, types, null, VOCABULARY);
        mlm = new MaskedLanguageModelObjective(0.15);
        mlm.prepare(data);
        int[] all = new int[BATCH];
        for (int i = 0; i < BATCH; i++) {
            all[i] = i;
        }
        batch = data.batch(all);
        params = Nd4j.zeros(type, encoder.parameterCount());
        encoder.initialize(params, 1);
        head = Nd4j.zeros(type, mlm.headSize(128));
        mlm.initializeHead(head, 128, 2);
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

    /** One MLM loss with its gradient for encoder and head, on 32 sequences of 64 tokens. */
    @Benchmark
    public double mlmForwardBackward() {
        gradEncoder.assign(0);
        gradHead.assign(0);
        return mlm.loss(encoder, params, head, batch, Noise.of(step++), new Head.Gradients(gradEncoder, gradHead, 1.0));
    }
}
