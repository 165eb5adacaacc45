package org.tapweight.bench.jmh;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.Warmup;
import org.tapweight.minilm.MiniLm;
import org.tapweight.nlp.model.TransformerEncoder;
import org.tapweight.nlp.objective.MaskedLanguageModelObjective;

/**
 * One masked-language-modelling step (forward + backward, encoder and head) of all-MiniLM-L6-v2 in
 * our BERT variant (6 post-LN layers, hidden 384, 12 heads, feed-forward 1536, erf GELU, embedding
 * LayerNorm, vocabulary 30,522) with its pretrained weights and a decoder tied to its word
 * embeddings, on 32 sequences of 64 tokens, 15% predicted, dropout 0.1, float. The shape issue 16
 * asks for; {@code tapweight-bench/peers/side-by-side.sh} times the PyTorch twin ({@code minilm_twin.py}) beside it.
 *
 * <pre>
 * OMP_NUM_THREADS=1 java -cp tapweight-bench/target/tapweight-bench.jar org.openjdk.jmh.Main MiniLm
 * </pre>
 */
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 4, time = 6)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
public class MiniLmBenchmark extends MlmStepBenchmark {

    static final int BATCH = 32;
    static final int LENGTH = 64;
    /** MiniLM's word pieces start after its special and unused tokens ([CLS] 101, [SEP] 102, [MASK] 103). */
    static final int FIRST_WORD = 999;

    @Setup(Level.Trial)
    public void setUp() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        TransformerEncoder encoder = MiniLm.encoder(LENGTH, 0.1, TransformerEncoder.Pooling.MEAN);
        SplittableRandom rnd = new SplittableRandom(1);
        int[][] ids = new int[BATCH][LENGTH];
        int[][] types = new int[BATCH][LENGTH];
        for (int b = 0; b < BATCH; b++) {
            ids[b][0] = 101;
            for (int i = 1; i < LENGTH - 1; i++) {
                ids[b][i] = FIRST_WORD + rnd.nextInt(MiniLm.VOCABULARY - FIRST_WORD);
            }
            ids[b][LENGTH - 1] = 102;
        }
        prepare(encoder, new MaskedLanguageModelObjective(0.15, true), ids, types, MiniLm.VOCABULARY, DataType.FLOAT,
                p -> MiniLm.load(encoder, p));
    }
}
