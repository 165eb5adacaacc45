package org.tapweight.nlp.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tapweight.api.model.Split;
import org.tapweight.api.plugin.ConfigurationException;
import org.tapweight.core.data.DataFiles;
import org.tapweight.nlp.data.GlueDataset;
import org.tapweight.nlp.data.GlueReader;
import org.tapweight.nlp.text.TextTokenizer;

/** The bundled GLUE files: counts, the quoting pitfall, the splits, and errors that name file, line and field. */
class GlueTaskTest {

    static TextTokenizer tokenizer;

    @BeforeAll
    static void load() {
        tokenizer = TextTokenizer.load(TextFiles.resolve("models/text-tokenizer.json"), 128);
    }

    @AfterAll
    static void close() {
        tokenizer.close();
    }

    static Path folder(GlueDataset d) {
        return DataFiles.dataRoot().resolve("glue").resolve(d.folder());
    }

    @ParameterizedTest
    @CsvSource({"sst2, 1000, 872", "cola, 8551, 1043", "mrpc, 4076, 1725", "rte, 2490, 277", "stsb, 5749, 1500", "wnli, 635, 71"})
    void everyRowIsReadAndTheTestSplitIsGlueDev(String id, int pooledTrain, int test) {
        GlueDataset d = GlueDataset.byId(id);
        GlueTask t = new GlueTask(d, folder(d), tokenizer, 0.1, 0, 0);
        int train = t.data(Split.TRAIN).size();
        int validation = t.data(Split.VALIDATION).size();
        assertThat(train + validation).isEqualTo(pooledTrain);
        assertThat(validation).isEqualTo((int) Math.round(0.1 * pooledTrain));
        assertThat(t.data(Split.TEST).size()).isEqualTo(test);
        assertThat(t.pretrainingCorpus().size()).isEqualTo(train);
        assertThat(t.pretrainingCorpus().labels()).isNull();
        assertThat(t.dataChecksums()).containsKey("tokenizer.json");
    }

    @Test
    void quotesAreTextNotFieldDelimiters() {
        List<GlueReader.Example> mrpc = GlueReader.read(folder(GlueDataset.MRPC).resolve("train.txt"), GlueDataset.MRPC, false);
        assertThat(mrpc).hasSize(2576);
        assertThat(mrpc.stream().filter(e -> e.first().startsWith("\"") || e.second().startsWith("\""))).isNotEmpty();
        assertThat(mrpc.stream().filter(e -> e.label() == 1)).hasSize(1753);
        List<GlueReader.Example> test = GlueReader.read(folder(GlueDataset.MRPC).resolve("test.txt"), GlueDataset.MRPC, true);
        assertThat(test).hasSize(1725);
        assertThat(test.get(0).line()).isEqualTo(2);
        // SST-2's labelled test file has CRLF endings; the labels still parse.
        List<GlueReader.Example> crlf = GlueReader.read(folder(GlueDataset.SST2).resolve("test-labeled.tsv"), GlueDataset.SST2, true);
        assertThat(crlf).hasSize(1821);
    }

    @Test
    void theValidationSplitIsSeededAndDisjoint() {
        GlueDataset d = GlueDataset.RTE;
        GlueTask a = new GlueTask(d, folder(d), tokenizer, 0.1, 1, 0);
        GlueTask b = new GlueTask(d, folder(d), tokenizer, 0.1, 1, 0);
        GlueTask c = new GlueTask(d, folder(d), tokenizer, 0.1, 2, 0);
        assertThat(keys(a, Split.VALIDATION)).isEqualTo(keys(b, Split.VALIDATION));
        assertThat(keys(a, Split.VALIDATION)).isNotEqualTo(keys(c, Split.VALIDATION));
        Set<String> overlap = new HashSet<>(keys(a, Split.VALIDATION));
        overlap.retainAll(keys(a, Split.TRAIN));
        // RTE repeats two sentence pairs among its GLUE-train rows (data/glue/README.md); nothing else may overlap.
        assertThat(overlap.size()).isLessThanOrEqualTo(2);
        assertThat(keys(a, Split.TEST)).doesNotContainAnyElementsOf(keys(a, Split.TRAIN));
    }

    private static Set<String> keys(GlueTask t, Split s) {
        Set<String> k = new HashSet<>();
        for (int i = 0; i < t.data(s).size(); i++) {
            k.add(java.util.Arrays.toString(t.data(s).ids(i)));
        }
        return k;
    }

    @Test
    void stsbScoresAreStandardisedForTrainingAndReportedInTheirUnits() {
        GlueDataset d = GlueDataset.STSB;
        GlueTask t = new GlueTask(d, folder(d), tokenizer, 0.1, 0, 0);
        double[] y = t.labels(Split.TRAIN);
        assertThat(java.util.Arrays.stream(y).min().getAsDouble()).isGreaterThanOrEqualTo(0.0);
        assertThat(java.util.Arrays.stream(y).max().getAsDouble()).isLessThanOrEqualTo(5.0);
        double mean = java.util.Arrays.stream(t.data(Split.TRAIN).labels()).mapToDouble(r -> r[0]).average().orElseThrow();
        assertThat(mean).isCloseTo(0.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(t.primaryMetric()).isEqualTo("pearson");
    }

    @Test
    void badRowsNameFileLineAndField(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("train.tsv");
        Files.writeString(f, "sentence\tlabel\ngood film \t1\nbad film \tmaybe\n");
        assertThatThrownBy(() -> GlueReader.read(f, GlueDataset.SST2, true)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("train.tsv, line 3, field 2 (label)").hasMessageContaining("maybe");
        Files.writeString(f, "index\tsentence1\tsentence2\tlabel\n0\tonly one sentence\n");
        assertThatThrownBy(() -> GlueReader.read(f, GlueDataset.RTE, true)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("line 2").hasMessageContaining("2 tab-separated fields, expected 4");
        Files.writeString(f, "sentence\tlabel\ngood\tfilm \t1\n");
        assertThatThrownBy(() -> GlueReader.read(f, GlueDataset.SST2, true)).hasMessageContaining("line 2")
                .hasMessageContaining("3 tab-separated fields, expected 2");
        Files.writeString(f, "0\tx\ty\t2011\t0001\tnone\tnone\tA man.\tA woman.\t7.5\n");
        assertThatThrownBy(() -> GlueReader.read(f, GlueDataset.STSB, false)).hasMessageContaining("line 1, field 10 (label)")
                .hasMessageContaining("0 to 5");
        assertThatThrownBy(() -> GlueDataset.byId("qqp")).hasMessageContaining("sst2, cola, mrpc, rte, stsb, wnli");
    }
}
