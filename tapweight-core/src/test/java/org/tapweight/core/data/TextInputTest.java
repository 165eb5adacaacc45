package org.tapweight.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tapweight.api.plugin.ConfigurationException;

class TextInputTest {

    @TempDir
    Path dir;

    @Test
    void dropsTheByteOrderMarkAndReadsGzip() throws IOException {
        Path plain = dir.resolve("a.txt");
        Files.writeString(plain, "\uFEFFfirst\r\nsecond\n", StandardCharsets.UTF_8);
        assertThat(TextInput.readLines(plain)).containsExactly("first", "second");
        Path gz = dir.resolve("a.txt.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write("\uFEFFx\ny\n".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(TextInput.readLines(gz)).containsExactly("x", "y");
    }

    @Test
    void aByteThatIsNotUtf8IsLocatedByLineAndByte() throws IOException {
        Path file = dir.resolve("latin1.txt");
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            text.append("line ").append(i).append('\n'); // far more than the decoder reads ahead
        }
        byte[] good = text.toString().getBytes(StandardCharsets.UTF_8);
        byte[] bad = "caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = Arrays.copyOf(good, good.length + bad.length);
        System.arraycopy(bad, 0, all, good.length, bad.length);
        Files.write(file, all);
        assertThatThrownBy(() -> TextInput.readLines(file)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("latin1.txt, line 5001, byte 4").hasMessageContaining("0xE9")
                .hasMessageContaining("not valid UTF-8");
    }

    @Test
    void aTruncatedGzipNamesTheFile() throws IOException {
        Path gz = dir.resolve("cut.csv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            for (int i = 0; i < 20000; i++) {
                out.write(("row " + i + " with some text " + (i * 7919 % 10007) + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        byte[] bytes = Files.readAllBytes(gz);
        Files.write(gz, Arrays.copyOf(bytes, bytes.length / 2));
        assertThatThrownBy(() -> TextInput.readLines(gz)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("cut.csv.gz, near line").hasMessageContaining("truncated or damaged");
    }
}
