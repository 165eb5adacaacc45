package org.tapweight.minilm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OnnxModelTest {

    @Test
    void theMiniLmFileReadsAndEveryWeightGetsItsBertName() throws Exception {
        OnnxModel m;
        try (InputStream in = OnnxModelTest.class.getResourceAsStream("/all-minilm-l6-v2.onnx")) {
            m = OnnxModel.read(in, "all-minilm-l6-v2.onnx");
        }
        System.out.println(m.initializers().size() + " initializers, " + m.nodes().size() + " nodes");
        Map<String, OnnxModel.Tensor> named = BertNames.of(m, "all-minilm-l6-v2.onnx");
        named.forEach((k, v) -> System.out.println(k + " " + java.util.Arrays.toString(v.shape())));
        assertThat(named).hasSize(101);
    }
}
