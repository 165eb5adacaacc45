package org.tapweight.nlp.objective;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tapweight.api.modality.Head;
import org.tapweight.api.modality.Objective;
import org.tapweight.api.model.Noise;
import org.tapweight.nn.GradientCheck;
import org.tapweight.nn.Vectors;
import org.tapweight.nlp.model.TextBatch;
import org.tapweight.nlp.model.TextDataset;
import org.tapweight.nlp.model.TransformerEncoder;

/** Finite-difference checks (double) of each text objective's loss with respect to encoder and head together. */
class TextObjectivesGradientTest {

    static final int VOCAB = 14;
    static TextDataset corpus;

    @BeforeAll
    static void setUp() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        int[][] ids = {{2, 7, 8, 9, 10, 3}, {2, 5, 6, 3}, {2, 11, 12, 13, 3}, {2, 6, 3}};
        int[][] types = {{0, 0, 0, 0, 0, 0}, {0, 0, 0, 0}, {0, 0, 0, 0, 0}, {0, 0, 0}};
        corpus = TextDataset.ofEncoded("test", ids, types, null, VOCAB);
    }

    /** Checks every coordinate of [encoder, head]; returns the result. */
    static GradientCheck.Result check(Head<TextBatch> head, TransformerEncoder enc, Noise noise, long seed) {
        TextBatch batch = corpus.batch(new int[] {0, 1, 2, 3});
        int h = enc.representationSize();
        int ne = enc.parameterCount();
        int nh = head.headSize(h);
        INDArray p = Nd4j.zeros(DataType.DOUBLE, ne + nh);
        INDArray e = p.get(Vectors.range(0, ne));
        enc.initialize(e, seed);
        head.initializeHead(p.get(Vectors.range(ne, ne + nh)), h, seed);
        Nd4j.getRandom().setSeed(seed);
        p.addi(Nd4j.randn(DataType.DOUBLE, p.length()).muli(0.2));
        return GradientCheck.check((x, g) -> {
            INDArray ge = g == null ? null : Nd4j.zeros(DataType.DOUBLE, ne);
            INDArray gh = g == null ? null : Nd4j.zeros(DataType.DOUBLE, nh);
            double loss = head.loss(enc, x.get(Vectors.range(0, ne)), x.get(Vectors.range(ne, ne + nh)), batch, noise,
                    g == null ? null : new Head.Gradients(ge, gh, 1.7));
            if (g != null) {
                g.assign(Nd4j.concat(0, ge, gh).divi(1.7));
            }
            return loss;
        }, p, 1e-6, 700, seed);
    }

    static TransformerEncoder encoder(double dropout) {
        return new TransformerEncoder(VOCAB, 8, 2, 2, 10, 10, dropout, TransformerEncoder.Pooling.CLS);
    }

    static <T extends Objective<TextBatch>> T prepared(T o) {
        o.prepare(corpus);
        return o;
    }

    @Test
    void maskedLanguageModelling() {
        GradientCheck.Result r = check(prepared(new MaskedLanguageModelObjective(0.3)), encoder(0.2), Noise.of(5), 1);
        assertThat(r.relativeError()).isLessThan(1e-6);
        assertThat(r.gradientNorm()).isGreaterThan(1e-2);
    }

    /** The decoder tied to the encoder's token embeddings (BERT variant, as MiniLM runs): the table gets both gradients. */
    @Test
    void maskedLanguageModellingWithATiedDecoder() {
        TransformerEncoder bert = new TransformerEncoder(VOCAB, 8, 2, 2, 10, 10, 0.2, TransformerEncoder.Pooling.MEAN,
                TransformerEncoder.Architecture.BERT);
        MaskedLanguageModelObjective tied = prepared(new MaskedLanguageModelObjective(0.3, true));
        assertThat(tied.headSize(8)).isEqualTo(8 * 8 + 8 + 2 * 8 + VOCAB);
        GradientCheck.Result r = check(tied, bert, Noise.of(7), 4);
        System.out.printf("tied MLM: relative error %.2e over %d coordinates%n", r.relativeError(), r.coordinates());
        assertThat(r.relativeError()).isLessThanOrEqualTo(1e-6);
        assertThat(r.gradientNorm()).isGreaterThan(1e-2);
        // Initialised as documented: identity transform, zero decoder bias.
        INDArray head = Nd4j.zeros(DataType.DOUBLE, tied.headSize(8));
        tied.initializeHead(head, 8, 1);
        assertThat(head.getDouble(0)).isEqualTo(1.0);
        assertThat(head.getDouble(1)).isEqualTo(0.0);
        assertThat(head.getDouble(9)).isEqualTo(1.0);
        assertThat(head.get(Vectors.range(head.length() - VOCAB, head.length())).sumNumber().doubleValue()).isZero();
    }

    @Test
    void simCseWithDropoutViews() {
        GradientCheck.Result r = check(prepared(new SimCseObjective(0.05, 6)), encoder(0.2), Noise.of(6), 2);
        assertThat(r.relativeError()).isLessThan(1e-6);
        assertThat(r.gradientNorm()).isGreaterThan(1e-2);
    }

    @Test
    void sentenceOrderPrediction() {
        GradientCheck.Result r = check(prepared(new SentenceOrderObjective()), encoder(0.1), Noise.of(7), 3);
        assertThat(r.relativeError()).isLessThan(1e-6);
        assertThat(r.gradientNorm()).isGreaterThan(1e-2);
    }
}
