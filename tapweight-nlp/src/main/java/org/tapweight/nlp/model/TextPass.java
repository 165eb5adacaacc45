package org.tapweight.nlp.model;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tapweight.nn.HostArrays;
import org.tapweight.api.modality.Encoder;

/**
 * One forward pass of the {@link TransformerEncoder}: token vectors ({@code [sequences * length,
 * hidden]}, padded positions included) and one vector per sequence ({@link #output()}, by the
 * encoder's pooling). Token-level heads use {@link #tokens()} and
 * {@link #backward(INDArray, INDArray, INDArray)}.
 */
public final class TextPass implements Encoder.Pass {

    private final TransformerEncoder encoder;
    private final INDArray params;
    private final TextBatch batch;
    private final TransformerEncoder.Caches caches;
    private final INDArray tokens;
    private final INDArray pooling;
    private final INDArray sequences;

    TextPass(TransformerEncoder encoder, INDArray params, TextBatch batch, TransformerEncoder.Caches caches, INDArray tokens) {
        this.encoder = encoder;
        this.params = params;
        this.batch = batch;
        this.caches = caches;
        this.tokens = tokens;
        this.pooling = poolingMatrix(batch, encoder.pooling(), tokens);
        this.sequences = pooling.mmul(tokens);
    }

    /** {@code [sequences, sequences * length]}: picks each {@code [CLS]} row, or averages the real tokens. */
    private static INDArray poolingMatrix(TextBatch batch, TransformerEncoder.Pooling pooling, INDArray like) {
        int b = batch.sequences();
        int t = batch.length();
        double[] m = new double[b * b * t];
        for (int s = 0; s < b; s++) {
            int row = s * b * t + s * t;
            if (pooling == TransformerEncoder.Pooling.CLS) {
                m[row] = 1.0;
            } else {
                int len = batch.lengths()[s];
                for (int k = 0; k < len; k++) {
                    m[row + k] = 1.0 / len;
                }
            }
        }
        return HostArrays.create(m, like.dataType(), b, (long) b * t);
    }

    public TextBatch batch() {
        return batch;
    }

    /** Token vectors, row {@code s * length + i} for position {@code i} of sequence {@code s}. */
    public INDArray tokens() {
        return tokens;
    }

    @Override
    public INDArray output() {
        return sequences;
    }

    @Override
    public void backward(INDArray dOutput, INDArray gradAccumulator) {
        backward(null, dOutput, gradAccumulator);
    }

    /** Backward from gradients with respect to the token vectors and/or the sequence vectors (either may be null). */
    public void backward(INDArray dTokens, INDArray dSequences, INDArray gradAccumulator) {
        INDArray d = dTokens == null ? Nd4j.zeros(tokens.dataType(), tokens.rows(), tokens.columns()) : dTokens.dup();
        if (dSequences != null) {
            d.addi(pooling.transpose().mmul(dSequences.castTo(tokens.dataType())));
        }
        encoder.backward(params, batch, caches, d, gradAccumulator);
    }

    /** The token-vector gradient with only some rows non-zero, as token-level heads produce it. */
    public INDArray scatterRows(int[] rows, INDArray dRows) {
        INDArray d = Nd4j.zeros(tokens.dataType(), tokens.rows(), tokens.columns());
        HostArrays.addRows(d, 0, (int) tokens.columns(), (int) tokens.rows(), rows, HostArrays.read(dRows)); // one pass, not a JNI call a row
        return d;
    }
}
