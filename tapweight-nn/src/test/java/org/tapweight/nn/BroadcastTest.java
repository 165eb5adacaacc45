package org.tapweight.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The crash-free broadcasts give ND4J's numbers exactly, by hand and against ND4J's own methods. */
class BroadcastTest {

    @Test
    void smallCasesByHand() {
        INDArray m = Nd4j.createFromArray(new double[][] {{1, 2, 3}, {4, 5, 6}});
        INDArray row = Nd4j.createFromArray(new double[][] {{10, 20, 30}});
        INDArray column = Nd4j.createFromArray(new double[][] {{2}, {4}});
        assertThat(Broadcast.mulRowVector(m, row).toDoubleMatrix()).isEqualTo(new double[][] {{10, 40, 90}, {40, 100, 180}});
        assertThat(Broadcast.subColumnVector(m, column).toDoubleMatrix()).isEqualTo(new double[][] {{-1, 0, 1}, {0, 1, 2}});
        assertThat(Broadcast.divColumnVector(m, column).toDoubleMatrix()).isEqualTo(new double[][] {{0.5, 1, 1.5}, {1, 1.25, 1.5}});
        assertThat(Broadcast.mulColumnVector(m, column).toDoubleMatrix()).isEqualTo(new double[][] {{2, 4, 6}, {16, 20, 24}});
        // The out-of-place forms leave the matrix alone; the in-place ones change and return it.
        assertThat(m.toDoubleMatrix()).isEqualTo(new double[][] {{1, 2, 3}, {4, 5, 6}});
        assertThat(Broadcast.addiRowVector(m, row)).isSameAs(m);
        assertThat(m.toDoubleMatrix()).isEqualTo(new double[][] {{11, 22, 33}, {14, 25, 36}});
    }

    @Test
    void everyFormMatchesNd4jBitForBitInFloatAndDouble() {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            for (long[] shape : new long[][] {{5, 7}, {1, 4}, {6, 1}}) {
                Nd4j.getRandom().setSeed(shape[0] * 31 + shape[1]);
                INDArray m = Nd4j.rand(type, shape).subi(0.5);
                INDArray row = Nd4j.rand(type, 1, shape[1]).addi(0.5);
                INDArray column = Nd4j.rand(type, shape[0], 1).addi(0.5);
                same(m, row, Broadcast::addiRowVector, INDArray::addiRowVector, true);
                same(m, row, Broadcast::mulRowVector, INDArray::mulRowVector, false);
                same(m, column, Broadcast::subColumnVector, INDArray::subColumnVector, false);
                same(m, column, Broadcast::subiColumnVector, INDArray::subiColumnVector, true);
                same(m, column, Broadcast::mulColumnVector, INDArray::mulColumnVector, false);
                same(m, column, Broadcast::muliColumnVector, INDArray::muliColumnVector, true);
                same(m, column, Broadcast::divColumnVector, INDArray::divColumnVector, false);
                same(m, column, Broadcast::diviColumnVector, INDArray::diviColumnVector, true);
            }
        }
    }

    private static void same(INDArray m, INDArray v, BiFunction<INDArray, INDArray, INDArray> ours,
                             BiFunction<INDArray, INDArray, INDArray> nd4j, boolean inPlace) {
        INDArray a = m.dup();
        INDArray b = m.dup();
        INDArray ourResult = ours.apply(a, v);
        INDArray theirResult = nd4j.apply(b, v);
        assertThat(ourResult.shape()).isEqualTo(theirResult.shape());
        assertThat(ourResult.dataType()).isEqualTo(m.dataType());
        assertThat(ourResult.data().asDouble()).isEqualTo(theirResult.data().asDouble());
        assertThat(ourResult == a).isEqualTo(inPlace);
        if (!inPlace) {
            assertThat(a.data().asDouble()).isEqualTo(m.data().asDouble());
        }
    }

    @Test
    void aVectorOfTheWrongShapeIsNamed() {
        INDArray m = Nd4j.zeros(DataType.DOUBLE, 2, 3);
        assertThatThrownBy(() -> Broadcast.addiRowVector(m, Nd4j.zeros(DataType.DOUBLE, 1, 2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a row vector of length 3 is needed for a matrix of shape [2, 3], got shape [1, 2]");
        assertThatThrownBy(() -> Broadcast.subColumnVector(m, Nd4j.zeros(DataType.DOUBLE, 1, 2)))
                .hasMessage("a column vector of length 2 is needed for a matrix of shape [2, 3], got shape [1, 2]");
    }
}
