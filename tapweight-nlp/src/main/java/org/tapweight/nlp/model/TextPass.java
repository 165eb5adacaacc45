package org.tapweight.nlp.model;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tapweight.api.modality.Encoder;
import org.tapweight.nn.HostArrays;

/**
 * One forward pass of a {@link TokenEncoder}, kept for its backward pass: token vectors
 * ({@code [sequences * length, hidden]}, padded positions included) and one vector per sequence
 * ({@link #output()}, by the encoder's pooling). Token-level heads use {@link #tokens()} and
 * {@link #backward(INDArray, INDArray, INDArray)}.
 */
public interface TextPass extends Encoder.Pass {

    /** The batch this pass ran on (after any corruption the head applied). */
    TextBatch batch();

    /** Token vectors, row {@code s * length + i} for position {@code i} of sequence {@code s}. */
    INDArray tokens();

    /**
     * Adds the gradient with respect to the encoder's parameters of {@code <dTokens, tokens> +
     * <dSequences, output>} into {@code gradAccumulator}; either input may be null (no gradient there).
     */
    void backward(INDArray dTokens, INDArray dSequences, INDArray gradAccumulator);

    @Override
    default void backward(INDArray dOutput, INDArray gradAccumulator) {
        backward(null, dOutput, gradAccumulator);
    }

    /** The token-vector gradient with only some rows non-zero, as token-level heads produce it. */
    default INDArray scatterRows(int[] rows, INDArray dRows) {
        INDArray tokens = tokens();
        INDArray d = Nd4j.zeros(tokens.dataType(), tokens.rows(), tokens.columns());
        HostArrays.addRows(d, 0, (int) tokens.columns(), (int) tokens.rows(), rows, HostArrays.read(dRows)); // one pass, not a JNI call a row
        return d;
    }
}
