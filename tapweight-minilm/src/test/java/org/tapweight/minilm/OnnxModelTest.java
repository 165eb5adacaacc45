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

    /** The project's tokenizer wrapper reads MiniLM's tokenizer, whose special tokens sit at BERT's ids. */
    @Test
    void theProjectsTokenizerReadsMiniLmsVocabulary(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        java.nio.file.Path file = tmp.resolve("tokenizer.json");
        try (InputStream in = MiniLm.class.getResourceAsStream(MiniLm.TOKENIZER_RESOURCE)) {
            java.nio.file.Files.copy(in, file);
        }
        try (org.tapweight.nlp.text.TextTokenizer tok = org.tapweight.nlp.text.TextTokenizer.load(file, 64)) {
            assertThat(tok.vocabulary().size()).isEqualTo(MiniLm.VOCABULARY);
            assertThat(tok.vocabulary().specials()).isEqualTo(new org.tapweight.nlp.text.SpecialTokens(0, 100, 101, 102, 103));
            org.tapweight.nlp.text.TextTokenizer.Encoded e = tok.encode("A man plays.", "Music.");
            assertThat(e.ids()[0]).isEqualTo(101);
            assertThat(e.ids()[e.length() - 1]).isEqualTo(102);
            assertThat(e.typeIds()[e.length() - 1]).isEqualTo(1);
        }
    }
}
