package org.tapweight.molecule.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tapweight.api.modality.Encoder;
import org.tapweight.api.model.Noise;
import org.tapweight.api.plugin.ConfigurationException;

/** An encoder without the graph contract is refused by name, one with it passes through. */
class GraphContractTest {

    /** Molecule vectors only: enough for a task, not for a node-level objective. */
    static final class VectorsOnly implements Encoder<GraphBatch> {
        public Class<GraphBatch> batchType() {
            return GraphBatch.class;
        }

        public int parameterCount() {
            return 0;
        }

        public int representationSize() {
            return 1;
        }

        public void initialize(INDArray params, long seed) {
        }

        public Pass forward(INDArray params, GraphBatch batch, Noise noise) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void anEncoderWithoutNodeVectorsIsRefusedWithWhoNeededThem() {
        assertThatThrownBy(() -> GraphEncoder.of(new VectorsOnly(), "objective 'attribute-masking'"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("objective 'attribute-masking' needs node vectors")
                .hasMessageContaining(GraphEncoder.class.getName())
                .hasMessageContaining(VectorsOnly.class.getName());
        GinEncoder gin = new GinEncoder(4, 1, 0.0, GraphReadout.MEAN);
        assertThat(GraphEncoder.of(gin, "x")).isSameAs(gin);
        assertThat(gin.batchType()).isEqualTo(GraphBatch.class);
    }
}
