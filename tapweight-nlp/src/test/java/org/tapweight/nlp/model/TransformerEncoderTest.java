package org.tapweight.nlp.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.tapweight.api.model.Noise;
import org.tapweight.nn.GradientCheck;

/** Double-precision finite-difference checks of the transformer's hand-written backward pass, and its masking. */
class TransformerEncoderTest {

    static final int VOCAB = 12;

    @BeforeAll
    static void setUp() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    /** Three sequences of lengths 6, 4 and 3: a pair (type ids 1 on the second part) and two single texts. */
    static TextBatch batch() {
        int[][] ids = {{2, 7, 8, 3, 9, 3}, {2, 5, 6, 3}, {2, 11, 3}};
        int[][] types = {{0, 0, 0, 0, 1, 1}, {0, 0, 0, 0}, {0, 0, 0}};
        return TextBatch.of(new int[] {0, 1, 2}, ids, types, null);
    }

    static INDArray params(TransformerEncoder enc, long seed) {
        INDArray p = Nd4j.zeros(DataType.DOUBLE, enc.parameterCount());
        enc.initialize(p, seed);
        // Larger than the initial 0.02 so attention is far from uniform and every term matters.
        Nd4j.getRandom().setSeed(seed);
        return p.addi(Nd4j.randn(DataType.DOUBLE, p.length()).muli(0.3));
    }

    static GradientCheck.Result check(TransformerEncoder enc, Noise noise, boolean tokenTerm, boolean sequenceTerm, long seed) {
        TextBatch batch = batch();
        INDArray params = params(enc, seed);
        Nd4j.getRandom().setSeed(seed + 100);
        INDArray rTokens = Nd4j.randn(DataType.DOUBLE, (long) batch.sequences() * batch.length(), enc.representationSize());
        INDArray rSeq = Nd4j.randn(DataType.DOUBLE, batch.sequences(), enc.representationSize());
        return GradientCheck.check((p, g) -> {
            TextPass pass = enc.forward(p, batch, noise);
            double loss = (tokenTerm ? pass.tokens().mul(rTokens).sumNumber().doubleValue() : 0)
                    + (sequenceTerm ? pass.output().mul(rSeq).sumNumber().doubleValue() : 0);
            // A non-linear term too, so errors that cancel in a linear functional still show.
            loss += 0.1 * pass.output().mul(pass.output()).sumNumber().doubleValue();
            if (g != null) {
                g.assign(0);
                INDArray dSeq = pass.output().mul(0.2);
                if (sequenceTerm) {
                    dSeq.addi(rSeq);
                }
                pass.backward(tokenTerm ? rTokens : null, dSeq, g);
            }
            return loss;
        }, params, 1e-6, 5000, seed);
    }

    @Test
    void tokenAndClsOutputsOfTwoLayers() {
        TransformerEncoder enc = new TransformerEncoder(VOCAB, 8, 2, 2, 12, 8, 0.0, TransformerEncoder.Pooling.CLS);
        GradientCheck.Result r = check(enc, Noise.NONE, true, true, 1);
        assertThat(r.coordinates()).isEqualTo(enc.parameterCount());
        assertThat(r.relativeError()).isLessThan(1e-7);
        assertThat(r.gradientNorm()).isGreaterThan(1e-2);
    }

    @Test
    void meanPoolingOneLayerFourHeads() {
        TransformerEncoder enc = new TransformerEncoder(VOCAB, 8, 1, 4, 6, 7, 0.0, TransformerEncoder.Pooling.MEAN);
        GradientCheck.Result r = check(enc, Noise.NONE, false, true, 2);
        assertThat(r.relativeError()).isLessThan(1e-7);
    }

    @Test
    void dropoutWithFixedNoiseIsDifferentiableAndNoiseMatters() {
        TransformerEncoder enc = new TransformerEncoder(VOCAB, 8, 2, 2, 12, 8, 0.3, TransformerEncoder.Pooling.CLS);
        GradientCheck.Result r = check(enc, Noise.of(9), true, true, 3);
        assertThat(r.relativeError()).isLessThan(1e-7);
        INDArray p = params(enc, 3);
        INDArray a = enc.forward(p, batch(), Noise.of(9)).output();
        INDArray again = enc.forward(p, batch(), Noise.of(9)).output();
        INDArray other = enc.forward(p, batch(), Noise.of(10)).output();
        INDArray none = enc.forward(p, batch(), Noise.NONE).output();
        assertThat(a.equalsWithEps(again, 0)).isTrue();
        assertThat(a.equalsWithEps(other, 1e-9)).isFalse();
        assertThat(a.equalsWithEps(none, 1e-9)).isFalse();
    }

    @Test
    void paddingNeitherReachesRealTokensNorDependsOnTheBatch() {
        TransformerEncoder enc = new TransformerEncoder(VOCAB, 8, 2, 2, 12, 8, 0.0, TransformerEncoder.Pooling.MEAN);
        INDArray p = params(enc, 4);
        TextBatch padded = batch();
        TextBatch alone = TextBatch.of(new int[] {1}, new int[][] {{2, 5, 6, 3}}, new int[][] {{0, 0, 0, 0}}, null);
        TextPass inBatch = enc.forward(p, padded, Noise.NONE);
        TextPass single = enc.forward(p, alone, Noise.NONE);
        // Sequence 1 occupies rows 6..9 of the padded batch (length 6); its real tokens are rows 6..9.
        INDArray rows = inBatch.tokens().get(NDArrayIndex.interval(6, 10), NDArrayIndex.all());
        assertThat(rows.equalsWithEps(single.tokens(), 1e-12)).isTrue();
        assertThat(inBatch.output().getRow(1).equalsWithEps(single.output().getRow(0), 1e-12)).isTrue();
        // Changing what sits in a padded position changes nothing real.
        int[] ids = padded.ids().clone();
        ids[6 + 5] = 9;
        TextPass changed = enc.forward(p, padded.withIds(ids), Noise.NONE);
        assertThat(changed.output().equalsWithEps(inBatch.output(), 1e-12)).isTrue();
    }

    /** Embeddings (token, position, segment), then one group per block: VOCAB*8 + 8*8 + 2*8 parameters before block 1. */
    @org.junit.jupiter.api.Test
    void layerStartsAreTheEmbeddingsThenEachBlock() {
        TransformerEncoder enc = new TransformerEncoder(VOCAB, 8, 2, 2, 12, 8, 0.0, TransformerEncoder.Pooling.CLS);
        int[] starts = enc.layerStarts();
        org.assertj.core.api.Assertions.assertThat(starts).hasSize(3).startsWith(0, VOCAB * 8 + 8 * 8 + 2 * 8);
        org.assertj.core.api.Assertions.assertThat(starts[2]).isGreaterThan(starts[1]).isLessThan(enc.parameterCount());
    }

    /** BERT's blocks (post-LayerNorm, embedding LayerNorm, exact GELU, epsilon 1e-12): every parameter, tokens and mean pooling. */
    @Test
    void bertVariantTokenAndMeanOutputsOfTwoLayers() {
        TransformerEncoder enc = new TransformerEncoder(VOCAB, 8, 2, 2, 12, 8, 0.0, TransformerEncoder.Pooling.MEAN,
                TransformerEncoder.Architecture.BERT);
        GradientCheck.Result r = check(enc, Noise.NONE, true, true, 5);
        System.out.printf("BERT variant: relative error %.2e over %d coordinates%n", r.relativeError(), r.coordinates());
        assertThat(r.coordinates()).isEqualTo(enc.parameterCount());
        assertThat(r.relativeError()).isLessThanOrEqualTo(1e-6);
        assertThat(r.gradientNorm()).isGreaterThan(1e-2);
        // One embedding LayerNorm (2 x 8) more than the pre-LN layout, and no final LayerNorm (2 x 8).
        assertThat(enc.parameterCount()).isEqualTo(
                new TransformerEncoder(VOCAB, 8, 2, 2, 12, 8, 0.0, TransformerEncoder.Pooling.MEAN).parameterCount());
        assertThat(enc.blocks().offset("embedding.gain")).isEqualTo(VOCAB * 8 + 8 * 8 + 2 * 8);
    }

    @Test
    void bertVariantWithDropoutAndClsPooling() {
        TransformerEncoder enc = new TransformerEncoder(VOCAB, 8, 1, 4, 6, 8, 0.3, TransformerEncoder.Pooling.CLS,
                TransformerEncoder.Architecture.BERT);
        GradientCheck.Result r = check(enc, Noise.of(11), true, true, 6);
        assertThat(r.relativeError()).isLessThanOrEqualTo(1e-6);
    }

    /** The exact GELU against hand-computed values: x Phi(x), and its derivative Phi(x) + x phi(x). */
    @Test
    void exactGeluMatchesTheNormalDistribution() {
        INDArray x = Nd4j.createFromArray(-1.0, 0.0, 0.5, 2.0);
        INDArray cdf = Gelu.cdf(x);
        // Phi(-1) = 0.158655253931457, Phi(0.5) = 0.691462461274013, Phi(2) = 0.977249868051821
        assertThat(Gelu.exactForward(x, cdf).toDoubleVector()).containsExactly(
                new double[] {-0.158655253931457, 0.0, 0.345731230637007, 1.954499736103642},
                org.assertj.core.api.Assertions.within(1e-7));
        // d/dx at 0.5: 0.691462461274013 + 0.5 * 0.352065326764300 = 0.867495124656163
        assertThat(Gelu.exactBackward(x, cdf, Nd4j.onesLike(x)).getDouble(2))
                .isCloseTo(0.867495124656163, org.assertj.core.api.Assertions.within(1e-7));
    }
}
