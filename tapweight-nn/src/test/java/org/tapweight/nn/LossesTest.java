package org.tapweight.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Losses against hand-computed values and finite differences, including extreme logits. */
class LossesTest {

    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    @Test
    void softmaxCrossEntropyByHandAndWithHugeGaps() {
        INDArray logits = Nd4j.createFromArray(new double[][] {{1, 2, 3}, {0, 0, 0}});
        // row 0: log(e^1+e^2+e^3) - 3 = 0.40760596 ; row 1: log 3 = 1.09861229 ; mean 0.75310912
        assertThat(Losses.softmaxCrossEntropy(logits, new int[] {2, 1}, null)).isCloseTo(0.75310912, offset(1e-8));
        INDArray huge = Nd4j.createFromArray(new double[][] {{1000, 0}});
        assertThat(Losses.softmaxCrossEntropy(huge, new int[] {1}, null)).isCloseTo(1000.0, offset(1e-9));
        GradientCheck.Result r = GradientCheck.check((p, g) -> {
            INDArray l = p.reshape(2, 3);
            return Losses.softmaxCrossEntropy(l, new int[] {2, 0}, g == null ? null : g.reshape(2, 3));
        }, logits.ravel().dup(), 1e-6, 100, 1);
        assertThat(r.relativeError()).isLessThan(1e-8);
    }

    @Test
    void binaryCrossEntropyIgnoresMissingLabels() {
        INDArray logits = Nd4j.createFromArray(new double[][] {{0.0, 2.0}, {-1.0, 50.0}});
        INDArray targets = Nd4j.createFromArray(new double[][] {{1.0, Double.NaN}, {0.0, 0.0}});
        // log 2 = 0.693147 ; log(1+e^-1) = 0.313262 ; 50 + log(1+e^-50) = 50 ; mean of three = 17.002136
        assertThat(Losses.binaryCrossEntropy(logits, targets, null)).isCloseTo(17.0021364, offset(1e-6));
        GradientCheck.Result r = GradientCheck.check((p, g) ->
                Losses.binaryCrossEntropy(p.reshape(2, 2), targets, g == null ? null : g.reshape(2, 2)),
                Nd4j.createFromArray(0.3, -2.0, 1.5, 0.7), 1e-6, 100, 1);
        assertThat(r.relativeError()).isLessThan(1e-8);
        INDArray d = Nd4j.zeros(2, 2);
        Losses.binaryCrossEntropy(logits, targets, d);
        assertThat(d.getDouble(0, 1)).isZero();
        assertThat(Losses.binaryCrossEntropy(logits, Nd4j.valueArrayOf(new long[] {2, 2}, Double.NaN), null)).isZero();
    }

    @Test
    void halfSquaredErrorWithMissingTargets() {
        INDArray x = Nd4j.createFromArray(1.0, 2.0, 3.0);
        INDArray y = Nd4j.createFromArray(0.0, Double.NaN, 5.0);
        assertThat(Losses.halfSquaredError(x, y, null)).isCloseTo((0.5 + 2.0) / 2, offset(1e-12));
        GradientCheck.Result r = GradientCheck.check((p, g) -> Losses.halfSquaredError(p, y, g), x, 1e-6, 10, 1);
        assertThat(r.relativeError()).isLessThan(1e-8);
    }
}
