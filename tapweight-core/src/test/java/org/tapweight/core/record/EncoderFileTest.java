package org.tapweight.core.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tapweight.api.plugin.ConfigurationException;
import org.tapweight.core.config.PluginRef;

/** The encoder file format: encoder and heads round-trip, old files load, damaged ones are named. */
class EncoderFileTest {

    private static final PluginRef ENCODER = PluginRef.of("tanh-mlp", Map.of("hidden", 3));

    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    static INDArray vector(double... values) {
        return Nd4j.createFromArray(values);
    }

    static List<EncoderFile.StoredHead> heads() {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("maskRate", 0.15);
        return List.of(
                new EncoderFile.StoredHead(new HeadIdentity("auxiliary-target", "aux", Map.of("column", 1), Map.of(), 2),
                        vector(0.5, -0.25)),
                new EncoderFile.StoredHead(new HeadIdentity("masked-feature", "masked-feature", settings,
                        Map.of("columns", List.of("a", "b")), 3), vector(1, 2, 3)));
    }

    static Path written(Path tmp) throws Exception {
        Path file = tmp.resolve("encoder.zip");
        EncoderFile.save(file, ENCODER, vector(1, 2, 3, 4), heads(), Map.of("run", "test"));
        return file;
    }

    @Test
    void theEncoderAndEveryHeadWithItsIdentityRoundTrip(@TempDir Path tmp) throws Exception {
        EncoderFile.Contents c = EncoderFile.read(written(tmp), ENCODER);
        assertThat(c.format()).isEqualTo(EncoderFile.FORMAT);
        assertThat(c.encoder().toDoubleVector()).containsExactly(1, 2, 3, 4);
        assertThat(c.heads()).hasSize(2);
        for (int k = 0; k < 2; k++) {
            EncoderFile.StoredHead want = heads().get(k);
            EncoderFile.StoredHead got = c.heads().get(k);
            assertThat(got.identity()).isEqualTo(want.identity());
            assertThat(got.parameters().toDoubleVector()).containsExactly(want.parameters().toDoubleVector());
        }
        assertThat(EncoderFile.load(written(tmp), ENCODER).toDoubleVector()).containsExactly(1, 2, 3, 4);
        assertThat(Files.list(tmp).toList()).containsExactly(tmp.resolve("encoder.zip")); // no temp file left
    }

    @Test
    void aFileWrittenBeforeHeadsWereKeptLoadsWithNoHeads(@TempDir Path tmp) throws Exception {
        // Exactly the layout of format 1: encoder.json without 'format' or 'heads', and encoder.nd4j.
        Path file = tmp.resolve("old.zip");
        String meta = "{\"encoder\":\"tanh-mlp\",\"settings\":{\"hidden\":3},\"parameters\":4,\"provenance\":{}}";
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("encoder.json"));
            zip.write(meta.getBytes(StandardCharsets.UTF_8));
            zip.putNextEntry(new ZipEntry("encoder.nd4j"));
            zip.write(nd4jBytes(vector(4, 3, 2, 1)));
        }
        EncoderFile.Contents c = EncoderFile.read(file, ENCODER);
        assertThat(c.format()).isEqualTo(1);
        assertThat(c.heads()).isEmpty();
        assertThat(c.encoder().toDoubleVector()).containsExactly(4, 3, 2, 1);
    }

    @Test
    void aCorruptHeadEntryGivesAnErrorNamingTheFileTheEntryAndTheObjective(@TempDir Path tmp) throws Exception {
        Path file = written(tmp);
        rewrite(file, "heads/1.nd4j", bytes -> "not an array".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> EncoderFile.read(file, ENCODER)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("entry 'heads/1.nd4j'")
                .hasMessageContaining("objective 'masked-feature'").hasMessageContaining("cannot be read");
    }

    @Test
    void aHeadEntryOfTheWrongSizeOrMissingIsNamed(@TempDir Path tmp) throws Exception {
        Path file = written(tmp);
        rewrite(file, "heads/0.nd4j", bytes -> nd4jBytes(vector(1, 2, 3, 4, 5)));
        assertThatThrownBy(() -> EncoderFile.read(file, ENCODER)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("entry 'heads/0.nd4j'").hasMessageContaining("holds 5 parameters but the file's metadata says 2");

        Path other = tmp.resolve("b").resolve("encoder.zip");
        Files.createDirectories(other.getParent());
        EncoderFile.save(other, ENCODER, vector(1, 2, 3, 4), heads(), Map.of());
        rewrite(other, "heads/1.nd4j", bytes -> null);
        assertThatThrownBy(() -> EncoderFile.read(other, ENCODER)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(other + ": entry 'heads/1.nd4j' (the head of objective 'masked-feature') is missing");
    }

    @Test
    void aBadHeadsFieldIsNamed(@TempDir Path tmp) throws Exception {
        Path file = written(tmp);
        rewrite(file, "encoder.json", bytes -> new String(bytes, StandardCharsets.UTF_8)
                .replace("\"objective\" : \"auxiliary-target\"", "\"objective\" : 3").getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> EncoderFile.read(file, ENCODER)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(file + ": entry 'encoder.json': field 'heads[0].objective' is missing or not a string");
    }

    static byte[] nd4jBytes(INDArray a) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream data = new DataOutputStream(bytes)) {
                Nd4j.write(a, data);
            }
            return bytes.toByteArray();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Rewrites one entry of a zip (null drops it). */
    static void rewrite(Path file, String entry, UnaryOperator<byte[]> change) throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(file); ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                entries.put(e.getName(), zip.readAllBytes());
            }
        }
        assertThat(entries).containsKey(entry);
        byte[] changed = change.apply(entries.get(entry));
        if (changed == null) {
            entries.remove(entry);
        } else {
            entries.put(entry, changed);
        }
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
            }
        }
    }
}
