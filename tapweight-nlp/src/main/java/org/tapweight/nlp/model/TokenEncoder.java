package org.tapweight.nlp.model;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.tapweight.api.modality.Encoder;
import org.tapweight.api.model.Noise;

/**
 * The text modality's encoder contract: every shipped text objective and task programs against it,
 * so an encoder that implements it (the shipped transformer, or a plug-in's) works with all of them.
 * Its pass exposes token and sequence vectors and takes gradients for both.
 */
public interface TokenEncoder extends Encoder<TextBatch> {

    @Override
    default Class<TextBatch> batchType() {
        return TextBatch.class;
    }

    @Override
    TextPass forward(INDArray params, TextBatch batch, Noise noise);

    /**
     * The token embedding table as a {@code [vocabulary, hidden]} view into {@code params} (or into a
     * gradient vector of the same layout), for heads that tie their decoder to it; null when the
     * encoder has no such table (the default).
     */
    default INDArray tokenEmbeddings(INDArray params) {
        return null;
    }

    /** The longest sequence (in tokens, special tokens included) the encoder accepts. */
    int maxLength();

    /**
     * {@code encoder} as a token encoder, or a clear error naming who needed one: objectives receive
     * the modality-free {@link Encoder} and call this before reading token vectors.
     */
    static TokenEncoder of(Encoder<TextBatch> encoder, String user) {
        return Encoder.as(encoder, TokenEncoder.class, user, "token vectors");
    }
}
