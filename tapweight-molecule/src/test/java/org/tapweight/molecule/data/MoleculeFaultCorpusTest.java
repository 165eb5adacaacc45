package org.tapweight.molecule.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tapweight.api.plugin.ConfigurationException;

/**
 * The fault corpus of issue 12 for the molecule data path: each damaged or degenerate input is an
 * error naming the file, line and field, a counted skip, or handled correctly; never a crash or a
 * silently wrong result.
 */
class MoleculeFaultCorpusTest {

    private static String table(int rows) {
        StringBuilder sb = new StringBuilder("smiles,active\n");
        String[] smiles = {"CCO", "c1ccccc1O", "CC(=O)O", "C1CCCCC1N", "c1ccncc1", "CCN", "C1CCOC1", "c1ccc2ccccc2c1"};
        for (int i = 0; i < rows; i++) {
            sb.append(smiles[i % smiles.length]).append(",").append(i % 2).append('\n');
        }
        return sb.toString();
    }

    @Test
    void aTruncatedGzipTableNamesTheFileAndLine(@TempDir Path tmp) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(table(5000).getBytes(StandardCharsets.UTF_8));
        }
        Path f = tmp.resolve("cut.csv.gz");
        byte[] all = bytes.toByteArray();
        Files.write(f, Arrays.copyOf(all, all.length / 2));
        assertThatThrownBy(() -> SmilesTableReader.read(f, "smiles")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("cut.csv.gz, near line ").hasMessageContaining("truncated or damaged");
    }

    @Test
    void anUnclosedQuoteNamesTheFileAndLine(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("quote.csv");
        Files.writeString(f, "smiles,active\nCCO,1\n\"CCN,0\nCCC,1\n");
        assertThatThrownBy(() -> SmilesTableReader.read(f, "smiles")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("quote.csv, line 3: malformed CSV").hasMessageContaining("malformed CSV");
    }

    @Test
    void aDuplicateColumnNameInTheHeaderIsAnError(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("twice.csv");
        Files.writeString(f, "smiles,active,active\nCCO,1,0\n");
        assertThatThrownBy(() -> SmilesTableReader.read(f, "smiles")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("twice.csv, line 1: the header cannot be read: The header contains a duplicate name: \"active\"")
                .hasMessageNotContaining("setDuplicateHeaderMode");
    }
}
