package org.tapweight.nlp.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.tapweight.api.model.Split;
import org.tapweight.api.plugin.ConfigurationException;
import org.tapweight.nlp.data.GlueDataset;
import org.tapweight.nlp.data.GlueReader;
import org.tapweight.nlp.text.TextTokenizer;

/** Faulty text data files (issue 12): bad bytes are located, byte-order marks and gzip are handled by every reader. */
class TextFaultCorpusTest {

    static TextTokenizer tokenizer;

    @TempDir
    Path dir;

    @BeforeAll
    static void load() {
        tokenizer = TextTokenizer.load(TextFiles.resolve("models/text-tokenizer.json"), 32);
    }

    @AfterAll
    static void close() {
        tokenizer.close();
    }

    @Test
    void aTextCorpusWithOneLatin1ByteNamesFileLineAndByte() throws IOException {
        Path file = write("corpus.tsv", utf8("1\tnews\tThe first sentence.\n2\tnews\tThe second one.\n"),
                latin1("3\tnews\tA caf\u00e9 sentence.\n"), utf8("4\tnews\tThe last.\n"));
        assertThatThrownBy(() -> new TextCorpusTask(file, tokenizer, 0, 0, 0.1)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("corpus.tsv, line 3, byte 13").hasMessageContaining("0xE9")
                .hasMessageContaining("not valid UTF-8");
    }

    @Test
    void aTextCorpusMayBeGzippedAndStartWithAByteOrderMark() throws IOException {
        String text = "\uFEFF1\tnews\tThe first sentence.\n2\tnews\tThe second one.\n3\tnews\tThe third.\n4\tnews\tThe last.\n";
        Path gz = dir.resolve("corpus.tsv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(utf8(text));
        }
        TextCorpusTask t = new TextCorpusTask(gz, tokenizer, 0, 0, 0.25);
        assertThat(t.dataReport()).containsEntry("sentences", 4).containsEntry("train", 2);
        assertThat(t.data(Split.VALIDATION).size()).isEqualTo(1);
    }

    @Test
    void aGlueFileWithOneLatin1ByteNamesFileLineAndByte() throws IOException {
        Path file = write("train.tsv", utf8("sentence\tlabel\ngood film\t1\n"), latin1("na\u00efve film\t0\n"));
        assertThatThrownBy(() -> GlueReader.read(file, GlueDataset.SST2, true)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("train.tsv, line 3, byte 3").hasMessageContaining("0xEF");
    }

    @Test
    void aGlueFileWithoutHeaderDropsItsByteOrderMarkBeforeTheFirstField() throws IOException {
        Path file = write("dev.tsv", utf8("\uFEFF7\tA man sleeps.\tA person sleeps.\tentailment\r\n"
                + "8\tA dog runs.\tA cat sits.\tnot_entailment\r\n"));
        List<GlueReader.Example> rows = GlueReader.read(file, GlueDataset.RTE, false);
        assertThat(rows).extracting(GlueReader.Example::index).containsExactly(7, 8);
        assertThat(rows).extracting(GlueReader.Example::label).containsExactly(1.0, 0.0);
    }

    @Test
    void djlsCudaProbeDoesNotWarnButOtherLoggersStillDo() {
        // DJL's tokenizers probe for a GPU and warn when a CUDA runtime is unusable; they run on the CPU.
        assertThat(LoggerFactory.getLogger("ai.djl.util.cuda.CudaUtils").isWarnEnabled()).isFalse();
        assertThat(LoggerFactory.getLogger("ai.djl.util.cuda.CudaUtils").isErrorEnabled()).isTrue();
        assertThat(LoggerFactory.getLogger("ai.djl.huggingface.tokenizers.HuggingFaceTokenizer").isWarnEnabled()).isTrue();
    }

    private Path write(String name, byte[]... parts) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            all.write(p);
        }
        return Files.write(dir.resolve(name), all.toByteArray());
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] latin1(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
