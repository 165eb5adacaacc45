package org.tapweight.bench.jmh;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.tapweight.api.model.Noise;
import org.tapweight.nlp.model.TextBatch;
import org.tapweight.nlp.model.TransformerEncoder;
import org.tapweight.nlp.objective.MaskedLanguageModelObjective;

/**
 * What {@link TwinBatches} reads from an MLM benchmark: its encoder, parameters, head, the one batch
 * every step uses and the objective (step {@code i} corrupts the batch with {@link Noise#of}{@code (i)}).
 */
interface MlmBench {

    TransformerEncoder encoder();

    INDArray params();

    INDArray head();

    TextBatch batch();

    MaskedLanguageModelObjective mlm();
}
