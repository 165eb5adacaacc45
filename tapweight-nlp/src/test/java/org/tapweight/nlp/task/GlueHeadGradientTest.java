package org.tapweight.nlp.task;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tapweight.api.modality.Head;
import org.tapweight.api.model.Noise;
import org.tapweight.api.model.Split;
import org.tapweight.nn.GradientCheck;
import org.tapweight.core.data.DataFiles;
import org.tapweight.nn.Vectors;
import org.tapweight.nlp.data.GlueDataset;
import org.tapweight.nlp.model.TextBatch;
import org.tapweight.nlp.model.TransformerEncoder;
import org.tapweight.nlp.text.TextTokenizer;

/**
 * Finite-difference checks (double) of the GLUE task losses through the transformer: the two-class
 * softmax head (SST-2, pairs in RTE) and the standardised regression head (STS-B). Only the
 * coordinates a batch touches can have a gradient, so the check runs over the encoder's parameters
 * past the token table plus the rows of the tokens in the batch, and the head.
 */
class GlueHeadGradientTest {

    static TextTokenizer tokenizer;

    @BeforeAll
    static void setUp() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        tokenizer = TextTokenizer.load(TextFiles.resolve("models/text-tokenizer.json"), 24);
    }

    static GradientCheck.Result check(GlueDataset d, long seed) {
        GlueTask task = new GlueTask(d, DataFiles.dataRoot().resolve("glue").resolve(d.folder()), tokenizer, 0.1, 0, 40);
        TextBatch batch = task.data(Split.TRAIN).batch(new int[] {0, 1, 2, 3, 4});
        TransformerEncoder enc = new TransformerEncoder(tokenizer.vocabulary().size(), 8, 1, 2, 12, 24, 0.1,
                TransformerEncoder.Pooling.CLS);
        int ne = enc.parameterCount();
        int nh = task.headSize(8);
        INDArray full = Nd4j.zeros(DataType.DOUBLE, ne + nh);
        enc.initialize(full.get(Vectors.range(0, ne)), seed);
        task.initializeHead(full.get(Vectors.range(ne, ne + nh)), 8, seed);
        Nd4j.getRandom().setSeed(seed);
        full.addi(Nd4j.randn(DataType.DOUBLE, full.length()).muli(0.2));
        // Free coordinates: the token rows used by the batch, everything after the token table, the head.
        java.util.TreeSet<Integer> free = new java.util.TreeSet<>();
        for (int id : batch.ids()) {
            for (int k = 0; k < 8; k++) {
                free.add(id * 8 + k);
            }
        }
        for (int i = tokenizer.vocabulary().size() * 8; i < ne + nh; i++) {
            free.add(i);
        }
        int[] idx = free.stream().mapToInt(Integer::intValue).toArray();
        INDArray x = Nd4j.zeros(DataType.DOUBLE, idx.length);
        for (int i = 0; i < idx.length; i++) {
            x.putScalar(i, full.getDouble(idx[i]));
        }
        Noise noise = Noise.of(seed);
        return GradientCheck.check((v, g) -> {
            INDArray p = full.dup();
            for (int i = 0; i < idx.length; i++) {
                p.putScalar(idx[i], v.getDouble(i));
            }
            INDArray ge = g == null ? null : Nd4j.zeros(DataType.DOUBLE, ne);
            INDArray gh = g == null ? null : Nd4j.zeros(DataType.DOUBLE, nh);
            double loss = task.loss(enc, p.get(Vectors.range(0, ne)), p.get(Vectors.range(ne, ne + nh)), batch, noise,
                    g == null ? null : new Head.Gradients(ge, gh, 1.0));
            if (g != null) {
                INDArray all = Nd4j.concat(0, ge, gh);
                for (int i = 0; i < idx.length; i++) {
                    g.putScalar(i, all.getDouble(idx[i]));
                }
            }
            return loss;
        }, x, 1e-6, 400, seed);
    }

    @Test
    void classificationHeadOnSingleSentences() {
        GradientCheck.Result r = check(GlueDataset.SST2, 1);
        assertThat(r.relativeError()).isLessThan(1e-6);
        assertThat(r.gradientNorm()).isGreaterThan(1e-3);
    }

    @Test
    void classificationHeadOnSentencePairs() {
        GradientCheck.Result r = check(GlueDataset.RTE, 2);
        assertThat(r.relativeError()).isLessThan(1e-6);
    }

    @Test
    void regressionHeadOnStsb() {
        GradientCheck.Result r = check(GlueDataset.STSB, 3);
        assertThat(r.relativeError()).isLessThan(1e-6);
        assertThat(r.gradientNorm()).isGreaterThan(1e-3);
    }
}
