package org.tapweight.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Bulk moves through native memory, on views with offsets, float and double, against element-wise results. */
class HostArraysTest {

    @Test
    void readCreateAndAddWorkOnOffsetViewsInBothTypes() {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            INDArray flat = Nd4j.arange(0, 20).castTo(type).reshape(20);
            INDArray view = flat.get(Vectors.range(5, 11));
            assertThat(HostArrays.read(view)).containsExactly(5, 6, 7, 8, 9, 10);
            assertThat(HostArrays.read(Vectors.matrix(flat, 0, 2, 3).transpose())).containsExactly(0, 3, 1, 4, 2, 5);
            HostArrays.add(view, 2, new double[] {0.5, 0.25});
            assertThat(flat.getDouble(7)).isEqualTo(7.5);
            assertThat(flat.getDouble(8)).isEqualTo(8.25);
            assertThat(flat.getDouble(9)).isEqualTo(9.0);
            INDArray made = HostArrays.create(new double[] {1, 2, 3, 4, 5, 6}, type, 2, 3);
            assertThat(made.dataType()).isEqualTo(type);
            assertThat(made.getDouble(1, 0)).isEqualTo(4.0);
        }
    }

    @Test
    void addRowsAccumulatesRepeatedRowsAndRefusesARowOutsideItsTable() {
        INDArray flat = Nd4j.zeros(DataType.FLOAT, 3 + 4 * 2 + 5); // 3 before, a 4 x 2 table, 5 after
        HostArrays.addRows(flat, 3, 2, 4, new int[] {1, 3, 1}, new double[] {1, 2, 10, 20, 100, 200});
        assertThat(HostArrays.read(flat)).containsExactly(0, 0, 0, 0, 0, 101, 202, 0, 0, 10, 20, 0, 0, 0, 0, 0);
        assertThatThrownBy(() -> HostArrays.addRows(flat, 3, 2, 4, new int[] {4}, new double[] {1, 1}))
                .isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("row 4 of a table of 4 rows");
    }

    @Test
    void gemmAccumulatesIntoTheGradientsOwnMemory() {
        INDArray grad = Nd4j.zeros(DataType.DOUBLE, 10);
        INDArray a = Nd4j.createFromArray(new double[][] {{1, 2}, {3, 4}});
        INDArray b = Nd4j.createFromArray(new double[][] {{1, 0}, {0, 1}});
        Gemm.accumulate(a, true, b, false, 2.0, Vectors.matrix(grad, 3, 2, 2)); // += 2 a^T b
        Gemm.accumulate(a, true, b, false, 1.0, Vectors.matrix(grad, 3, 2, 2));
        assertThat(HostArrays.read(grad)).containsExactly(0, 0, 0, 3, 9, 6, 12, 0, 0, 0);
        Gemm.accumulateRowSum(a, 1.0, grad.get(Vectors.range(8, 10)));
        assertThat(grad.getDouble(8)).isEqualTo(4.0);
        assertThat(grad.getDouble(9)).isEqualTo(6.0);
    }
}
