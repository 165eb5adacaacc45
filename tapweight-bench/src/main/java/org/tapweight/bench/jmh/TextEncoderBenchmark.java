package org.tapweight.bench.jmh;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.Warmup;
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
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 4)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
public class TextEncoderBenchmark extends MlmStepBenchmark {

    static final int VOCABULARY = 8000;
    static final int BATCH = 32;
    static final int LENGTH = 64;

    @Param({"float"})
    public String dataType;

    @Param({"full", "mixed"})
    public String lengths;

    @Setup(Level.Trial)
    public void setUp() {
        DataType type = dataType.equals("double") ? DataType.DOUBLE : DataType.FLOAT;
        TransformerEncoder encoder = new TransformerEncoder(VOCABULARY, 128, 2, 4, 512, 128, 0.1, TransformerEncoder.Pooling.CLS);
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
        prepare(encoder, new MaskedLanguageModelObjective(0.15), ids, types, VOCABULARY, type, p -> encoder.initialize(p, 1));
    }
}
