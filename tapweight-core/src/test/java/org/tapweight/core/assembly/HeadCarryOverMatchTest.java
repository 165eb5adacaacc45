package org.tapweight.core.assembly;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tapweight.core.record.EncoderFile;
import org.tapweight.core.record.HeadIdentity;

/** Which stored heads a run's objectives start from, and the reasons recorded for the others. */
class HeadCarryOverMatchTest {

    private static final Path FILE = Path.of("base.zip");

    static EncoderFile.StoredHead stored(String objective, String name, Map<String, Object> settings, long size) {
        INDArray p = Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.DOUBLE, size).addi(name.length());
        return new EncoderFile.StoredHead(new HeadIdentity(objective, name, settings, Map.of(), size), p);
    }

    static HeadIdentity wanted(String objective, String name, Map<String, Object> settings, long size) {
        return new HeadIdentity(objective, name, settings, Map.of(), size);
    }

    @Test
    void sameObjectiveSettingsAndSizeMatchPreferringTheSameNameAndEachStoredHeadIsUsedOnce() {
        List<EncoderFile.StoredHead> file = List.of(stored("aux", "a", Map.of("column", 1), 3),
                stored("aux", "bb", Map.of("column", 1), 3));
        HeadCarryOver.Result r = HeadCarryOver.match(FILE, file,
                List.of(wanted("aux", "bb", Map.of("column", 1), 3), wanted("aux", "c", Map.of("column", 1), 3),
                        wanted("aux", "d", Map.of("column", 1), 3)));
        assertThat(r.loaded().get(0).getDouble(0)).isEqualTo(2.0); // "bb"
        assertThat(r.loaded().get(1).getDouble(0)).isEqualTo(1.0); // "a"
        assertThat(r.loaded()).containsOnlyKeys(0, 1);
        assertThat(r.notLoaded()).containsOnlyKeys("d");
        assertThat(r.notLoaded().get("d")).contains("used by another objective");
    }

    @Test
    void theReasonSaysWhatDiffers() {
        List<EncoderFile.StoredHead> file = List.of(stored("aux", "aux", Map.of("column", 0), 3));
        HeadCarryOver.Result r = HeadCarryOver.match(FILE, file, List.of(wanted("aux", "x", Map.of("column", 1), 3),
                wanted("aux", "y", Map.of("column", 0), 4), wanted("masked", "masked", Map.of(), 3)));
        assertThat(r.loaded()).isEmpty();
        assertThat(r.notLoaded().get("x")).contains("settings {column=0} in the file, {column=1} in this run");
        assertThat(r.notLoaded().get("y")).contains("3 parameters in the file, 4 in this run");
        assertThat(r.notLoaded().get("masked")).isEqualTo("base.zip holds no head of objective 'masked'");
        assertThat(HeadCarryOver.match(FILE, List.of(), List.of(wanted("aux", "aux", Map.of(), 3))).notLoaded().get("aux"))
                .contains("holds no objective heads");
    }

    @Test
    void aDifferentSignatureIsNotLoaded() {
        EncoderFile.StoredHead motif = new EncoderFile.StoredHead(
                new HeadIdentity("motif", "motif", Map.of(), Map.of("columns", List.of("C=O", "CO")), 2), Nd4j.zeros(2));
        HeadCarryOver.Result r = HeadCarryOver.match(FILE, List.of(motif),
                List.of(new HeadIdentity("motif", "motif", Map.of(), Map.of("columns", List.of("CO", "C=O")), 2)));
        assertThat(r.loaded()).isEmpty();
        assertThat(r.notLoaded().get("motif")).contains("signature (columns) differs");
    }
}
