package org.tapweight.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ParameterBlocksTest {

    @Test
    void blocksFollowOneAnotherAndViewsWriteThrough() {
        ParameterBlocks b = new ParameterBlocks().add("a", 2, 3).add("bias", 1, 3).add("empty", 0, 4).add("c", 2, 2);
        assertThat(b.size()).isEqualTo(6 + 3 + 0 + 4);
        assertThat(b.offset("bias")).isEqualTo(6);
        assertThat(b.offset("c")).isEqualTo(9);
        INDArray flat = Nd4j.createFromArray(java.util.stream.IntStream.range(0, 13).asDoubleStream().toArray());
        // Row-major: c is [[9, 10], [11, 12]].
        assertThat(b.view(flat, "c").getDouble(1, 0)).isEqualTo(11.0);
        assertThat(b.view(flat, "a").shape()).containsExactly(2, 3);
        b.view(flat, "bias").assign(-1);
        assertThat(flat.toDoubleVector()).containsExactly(0, 1, 2, 3, 4, 5, -1, -1, -1, 9, 10, 11, 12);
    }

    @Test
    void mistakesAreNamed() {
        ParameterBlocks b = new ParameterBlocks().add("w", 2, 2);
        assertThatThrownBy(() -> b.add("w", 1, 1)).hasMessageContaining("'w' is declared twice");
        assertThatThrownBy(() -> b.view(Nd4j.zeros(DataType.DOUBLE, 4), "v")).hasMessageContaining("no parameter block 'v'");
        assertThatThrownBy(() -> b.view(Nd4j.zeros(DataType.DOUBLE, 5), "w")).hasMessageContaining("4 parameters expected");
    }
}
