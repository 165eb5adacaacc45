package org.tapweight.nlp.model;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tapweight.nn.HostArrays;

/** One forward pass of the {@link TransformerEncoder}, with the caches its backward pass needs. */
final class TransformerPass implements TextPass {

    private final TransformerEncoder encoder;
    private final INDArray params;
    private final TextBatch batch;
    private final TransformerEncoder.Caches caches;
    private final INDArray tokens;
    private final INDArray pooling;
    private final INDArray sequences;

    TransformerPass(TransformerEncoder encoder, INDArray params, TextBatch batch, TransformerEncoder.Caches caches, INDArray tokens) {
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

    @Override
    public TextBatch batch() {
        return batch;
    }

    @Override
    public INDArray tokens() {
        return tokens;
    }

    @Override
    public INDArray output() {
        return sequences;
    }

    @Override
    public void backward(INDArray dTokens, INDArray dSequences, INDArray gradAccumulator) {
        INDArray d = dTokens == null ? Nd4j.zeros(tokens.dataType(), tokens.rows(), tokens.columns()) : dTokens.dup();
        if (dSequences != null) {
            d.addi(pooling.transpose().mmul(dSequences.castTo(tokens.dataType())));
        }
        encoder.backward(params, batch, caches, d, gradAccumulator);
    }
}
