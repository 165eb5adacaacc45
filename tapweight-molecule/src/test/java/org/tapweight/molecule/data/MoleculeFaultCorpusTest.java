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
import org.tapweight.molecule.chem.MolecularGraph;
import org.tapweight.molecule.model.GraphDataset;
import org.tapweight.molecule.objective.CorpusLabels;
import org.tapweight.molecule.task.LabelledMoleculeTask;

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

    // --- 2. very large molecules: refused before CDK, and a failure inside CDK is a per-row error ---

    @Test
    void aSmilesLongerThanMaxSmilesLengthIsNamedOrACountedSkip(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("huge.csv");
        String huge = "C".repeat(10_000);
        Files.writeString(f, table(20) + huge + ",1\n");
        assertThatThrownBy(() -> new MoleculeLoader(null).load(f, "smiles", true, InvalidSmilesPolicy.FAIL))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("huge.csv, line 22, field 'smiles'")
                .hasMessageContaining("the SMILES has 10000 characters, more than maxSmilesLength 2000");
        FeaturizedTable t = new MoleculeLoader(null).load(f, "smiles", true, InvalidSmilesPolicy.SKIP);
        assertThat(t.size()).isEqualTo(20);
        assertThat(t.skipped()).hasSize(1);
        assertThat(t.skipped().get(0).line()).isEqualTo(22);
        assertThat(t.skipped().get(0).smiles()).hasSizeLessThan(300).endsWith("(10000 characters)");
        // the skip is counted where every skip is: the task's data report
        LabelledMoleculeTask task = new LabelledMoleculeTask(MoleculeNetDataset.BBBP, t, Splits.random(t.size(), 0.8, 0.1, 1), "random");
        assertThat(task.dataReport()).containsEntry("skipped", 1).containsEntry("featurised", 20);
    }

    @Test
    void aStackOverflowInsideCdkIsAPerRowErrorUnderThePolicy(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("deep.csv");
        String deep = "c1ccccc1" + "-c1ccccc1".repeat(3000); // 18,006 atoms
        Files.writeString(f, "smiles,active\nCCO,1\n" + deep + ",0\nCCN,0\n");
        MoleculeLoader loader = new MoleculeLoader(null, 1_000_000);
        FeaturizedTable t = onSmallStack(() -> loader.load(f, "smiles", true, InvalidSmilesPolicy.SKIP));
        assertThat(t.lines()).containsExactly(2, 4);
        assertThat(t.skipped()).singleElement().satisfies(s -> {
            assertThat(s.line()).isEqualTo(3);
            assertThat(s.reason()).contains("stack overflow");
        });
        assertThatThrownBy(() -> onSmallStack(() -> loader.load(f, "smiles", true, InvalidSmilesPolicy.FAIL)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("deep.csv, line 3, field 'smiles'").hasMessageContaining("stack overflow");
    }

    /** Runs {@code work} on a thread with a small stack, so CDK's recursion overflows for certain. */
    private static <T> T onSmallStack(java.util.concurrent.Callable<T> work) throws Exception {
        Object[] result = new Object[1];
        Throwable[] failure = new Throwable[1];
        Thread thread = new Thread(null, () -> {
            try {
                result[0] = work.call();
            } catch (Throwable e) {
                failure[0] = e;
            }
        }, "small-stack", 256 * 1024);
        thread.start();
        thread.join();
        if (failure[0] instanceof Exception e) {
            throw e;
        } else if (failure[0] != null) {
            throw new AssertionError(failure[0]);
        }
        @SuppressWarnings("unchecked")
        T t = (T) result[0];
        return t;
    }

    // --- 3. cache entries of any size ---

    @Test
    void aTwoMegabyteInvalidLineIsSkippedAndCached(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("long.csv");
        Files.writeString(f, table(4) + "%".repeat(2_000_000) + ",1\n");
        for (int max : new int[] {MoleculeLoader.DEFAULT_MAX_SMILES_LENGTH, Integer.MAX_VALUE}) {
            MoleculeLoader loader = new MoleculeLoader(tmp.resolve("cache"), max);
            FeaturizedTable first = loader.load(f, "smiles", true, InvalidSmilesPolicy.SKIP);
            FeaturizedTable cached = loader.load(f, "smiles", true, InvalidSmilesPolicy.SKIP);
            assertThat(first.skipped()).singleElement().satisfies(s -> assertThat(s.line()).isEqualTo(6));
            assertSameTable(cached, first);
            assertThat(loader.cacheWarnings()).isEmpty();
        }
    }

    @Test
    void cacheStringsLongerThan64KilobytesRoundTrip(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("wide.csv");
        String column = "assay " + "x".repeat(100_000);
        Files.writeString(f, "smiles," + column + "\nCCO,1\nCCN,0\n");
        MoleculeLoader loader = new MoleculeLoader(tmp.resolve("cache"));
        FeaturizedTable first = loader.load(f, "smiles", true, InvalidSmilesPolicy.FAIL);
        FeaturizedTable second = loader.load(f, "smiles", true, InvalidSmilesPolicy.FAIL);
        assertThat(second.labelNames()).containsExactly(column);
        assertSameTable(second, first);
        assertThat(loader.cacheWarnings()).isEmpty();
    }

    // --- 4. cache integrity: a damaged or edited cache is rebuilt with a warning, never used ---

    @Test
    void aFeatureCacheWithAnyOneFlippedByteIsRebuiltWithAWarning(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("small.csv");
        Files.writeString(f, table(12));
        MoleculeLoader loader = new MoleculeLoader(tmp.resolve("cache"));
        FeaturizedTable truth = loader.load(f, "smiles", true, InvalidSmilesPolicy.FAIL);
        Path cache = onlyFile(tmp.resolve("cache"));
        byte[] good = Files.readAllBytes(cache);
        int rejected = CacheFile.rejectedSoFar();
        int trials = 0;
        for (int at = 0; at < good.length; at += Math.max(1, good.length / 60)) {
            byte[] bad = good.clone();
            bad[at] ^= 0x10;
            Files.write(cache, bad);
            assertSameTable(loader.load(f, "smiles", true, InvalidSmilesPolicy.FAIL), truth);
            assertThat(Files.readAllBytes(cache)).as("rebuilt after a flip at byte %d", at).isEqualTo(good);
            trials++;
        }
        assertThat(loader.cacheWarnings()).hasSize(trials).allMatch(w -> w.contains(cache.toString()) && w.contains("rebuilding"));
        assertThat(CacheFile.rejectedSoFar() - rejected).isGreaterThanOrEqualTo(trials);
    }

    @Test
    void aTruncatedOrEmptyFeatureCacheIsRebuilt(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("small.csv");
        Files.writeString(f, table(12));
        MoleculeLoader loader = new MoleculeLoader(tmp.resolve("cache"));
        FeaturizedTable truth = loader.load(f, "smiles", true, InvalidSmilesPolicy.FAIL);
        Path cache = onlyFile(tmp.resolve("cache"));
        byte[] good = Files.readAllBytes(cache);
        for (int length : new int[] {0, 5, good.length / 2, good.length - 1}) {
            Files.write(cache, Arrays.copyOf(good, length));
            assertSameTable(loader.load(f, "smiles", true, InvalidSmilesPolicy.FAIL), truth);
            assertThat(Files.readAllBytes(cache)).isEqualTo(good);
        }
        assertThat(loader.cacheWarnings()).hasSize(4);
    }

    /** Labels flipped and the payload re-compressed consistently, but the hash is the old one. */
    @Test
    void aConsistentlyEditedFeatureCacheWithItsOldHashIsNotUsed(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("small.csv");
        Files.writeString(f, table(12));
        MoleculeLoader loader = new MoleculeLoader(tmp.resolve("cache"));
        FeaturizedTable truth = loader.load(f, "smiles", true, InvalidSmilesPolicy.FAIL);
        Path cache = onlyFile(tmp.resolve("cache"));
        Files.write(cache, editPayload(Files.readAllBytes(cache), MoleculeFaultCorpusTest::flipLabels));
        FeaturizedTable loaded = loader.load(f, "smiles", true, InvalidSmilesPolicy.FAIL);
        assertSameTable(loaded, truth);
        assertThat(loader.cacheWarnings()).singleElement().asString().contains("SHA-256 does not match");
    }

    @Test
    void aLabelCacheThatIsDamagedOrEditedIsDerivedAgainWithAWarning(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("small.csv");
        Files.writeString(f, table(12));
        FeaturizedTable t = new MoleculeLoader(null).load(f, "smiles", true, InvalidSmilesPolicy.FAIL);
        GraphDataset corpus = new GraphDataset("small", t.graphs(), null);
        int[] derived = {0};
        java.util.function.Supplier<CorpusLabels> derive = () -> {
            derived[0]++;
            double[][] v = new double[corpus.size()][];
            for (int i = 0; i < v.length; i++) {
                v[i] = new double[] {i % 2, corpus.graph(i).atoms()};
            }
            return new CorpusLabels(java.util.List.of("odd", "atoms"), v);
        };
        java.util.List<String> warnings = new java.util.ArrayList<>();
        Path dir = tmp.resolve("labels");
        CorpusLabels truth = CorpusLabels.cached(dir, "test|v1", corpus, derive, warnings::add);
        assertThat(CorpusLabels.cached(dir, "test|v1", corpus, derive, warnings::add).values()).isDeepEqualTo(truth.values());
        assertThat(derived[0]).isEqualTo(1); // the second call read the cache
        Path cache = onlyFile(dir);
        byte[] good = Files.readAllBytes(cache);
        byte[] flipped = good.clone();
        flipped[flipped.length / 2] ^= 0x01;
        java.util.List<byte[]> damaged = java.util.List.of(flipped, Arrays.copyOf(good, good.length - 7),
                editPayload(good, MoleculeFaultCorpusTest::flipLabels));
        for (byte[] bad : damaged) {
            Files.write(cache, bad);
            assertThat(CorpusLabels.cached(dir, "test|v1", corpus, derive, warnings::add).values()).isDeepEqualTo(truth.values());
            assertThat(Files.readAllBytes(cache)).isEqualTo(good);
        }
        assertThat(derived[0]).isEqualTo(1 + damaged.size());
        assertThat(warnings).hasSize(damaged.size());
    }

    /** Lengths are checked against the bytes left before anything is allocated (a flipped length was an OutOfMemoryError). */
    @Test
    void aCountLargerThanThePayloadIsAnIoErrorNotAnAllocation() {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(12).putInt(Integer.MAX_VALUE).putInt(-5).putInt(1);
        CacheInput in = new CacheInput(b.flip());
        assertThatThrownBy(in::readDoubles).isInstanceOf(java.io.IOException.class).hasMessageContaining("does not fit");
        assertThatThrownBy(in::readString).isInstanceOf(java.io.IOException.class).hasMessageContaining("count of -5");
    }

    // --- 5. too few molecules for a split: named, with the counts, before any objective sees the data ---

    @Test
    void aHeaderOnlyOrOneMoleculeFileNamesTheFileAndTheCounts(@TempDir Path tmp) throws Exception {
        Path header = tmp.resolve("header.csv");
        Files.writeString(header, "smiles,active\n");
        FeaturizedTable none = new MoleculeLoader(null).load(header, "smiles", true, InvalidSmilesPolicy.FAIL);
        assertThatThrownBy(() -> Splits.requireEnough(none)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("header.csv: 0 molecules read (0 rows skipped); a split into train, validation and test "
                        + "(80/10/10) needs at least 10 molecules");
        Path one = tmp.resolve("one.csv");
        Files.writeString(one, "smiles,active\nCCO,1\nC1CC,0\n");
        FeaturizedTable single = new MoleculeLoader(null).load(one, "smiles", true, InvalidSmilesPolicy.SKIP);
        assertThatThrownBy(() -> Splits.requireEnough(single)).hasMessageContaining("one.csv: 1 molecule read (1 row skipped)");
        // the task itself refuses an empty part, whatever made it empty
        assertThatThrownBy(() -> new LabelledMoleculeTask(MoleculeNetDataset.BBBP, single, Splits.scaffold(single.graphs(), 0.8, 0.1),
                "scaffold")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("one.csv: 1 molecule read (1 row skipped), and the scaffold split (80/10/10) leaves "
                        + "train and validation empty (train 0, validation 0, test 1); a split needs at least 10 molecules");
    }

    // --- 6. labels that cannot be scored: an error, or an explicit unscored column with its reason ---

    @Test
    void aBinaryColumnWithOneClassInTheWholeFileIsAnError(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("oneclass.csv");
        Files.writeString(f, table(20).replaceAll(",0\n", ",1\n"));
        FeaturizedTable t = new MoleculeLoader(null).load(f, "smiles", true, InvalidSmilesPolicy.FAIL);
        assertThatThrownBy(() -> LabelColumns.requireUsable(t, true)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("oneclass.csv, column 'active': only class 1 (20 labels) in the whole file")
                .hasMessageContaining("ROC-AUC needs both classes");
        // multi-task: one column fine, another with only class 0 (and missing labels) in the whole file
        Path multi = tmp.resolve("multi.csv");
        StringBuilder sb = new StringBuilder("smiles,a,b\n");
        for (int i = 0; i < 20; i++) {
            sb.append(i % 2 == 0 ? "CCO" : "CCN").append(',').append(i % 2).append(',').append(i % 3 == 0 ? "" : "0").append('\n');
        }
        Files.writeString(multi, sb.toString());
        FeaturizedTable m = new MoleculeLoader(null).load(multi, "smiles", true, InvalidSmilesPolicy.FAIL);
        assertThatThrownBy(() -> LabelColumns.requireUsable(m, true))
                .hasMessageContaining("multi.csv, column 'b': only class 0 (13 labels) in the whole file");
        // regression: a column without any label
        Files.writeString(multi, sb.toString().replaceAll(",0\n", ",\n"));
        FeaturizedTable r = new MoleculeLoader(null).load(multi, "smiles", false, InvalidSmilesPolicy.FAIL);
        assertThatThrownBy(() -> LabelColumns.requireUsable(r, false)).hasMessageContaining("column 'b': no labels in the whole file");
    }

    @Test
    void aSplitWhereAColumnHasOneClassListsItAsUnscoredAndOneWithNoScorableColumnIsAnError(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("multi.csv");
        StringBuilder sb = new StringBuilder("smiles,a,b\n");
        for (int i = 0; i < 20; i++) {
            sb.append(i % 2 == 0 ? "CCO" : "c1ccccc1").append(',').append(i % 2).append(',').append(i < 10 ? 1 : 0).append('\n');
        }
        Files.writeString(f, sb.toString());
        FeaturizedTable t = new MoleculeLoader(null).load(f, "smiles", true, InvalidSmilesPolicy.FAIL);
        LabelColumns.requireUsable(t, true);
        // validation rows 10-13: 'a' has both classes, 'b' only class 0; test rows 0-3: 'a' both, 'b' only class 1
        Splits split = new Splits(range(14, 20), range(10, 14), range(0, 4));
        LabelledMoleculeTask task = new LabelledMoleculeTask(MoleculeNetDataset.TOX21, t, split, "given");
        assertThat(task.dataReport().get("unscoredColumns")).isEqualTo(java.util.Map.of(
                "train", java.util.List.of("column 'b': only class 0 (6 labels)"),
                "validation", java.util.List.of("column 'b': only class 0 (4 labels)"),
                "test", java.util.List.of("column 'b': only class 1 (4 labels)")));
        // scored over 'a' only, and says so: never NaN
        org.nd4j.linalg.factory.Nd4j.setDefaultDataTypes(org.nd4j.linalg.api.buffer.DataType.DOUBLE,
                org.nd4j.linalg.api.buffer.DataType.DOUBLE);
        org.tapweight.molecule.model.GinEncoder encoder = new org.tapweight.molecule.model.GinEncoder(4, 1, 0.0,
                org.tapweight.molecule.model.GraphReadout.SUM);
        org.nd4j.linalg.api.ndarray.INDArray params = org.nd4j.linalg.factory.Nd4j.zeros(encoder.parameterCount());
        encoder.initialize(params, 1);
        org.nd4j.linalg.api.ndarray.INDArray head = org.nd4j.linalg.factory.Nd4j.zeros(task.headSize(4));
        task.initializeHead(head, 4, 2);
        java.util.Map<String, Double> metrics = task.metrics(encoder, params, head, org.tapweight.api.model.Split.VALIDATION);
        assertThat(metrics.get("roc_auc")).isBetween(0.0, 1.0);
        assertThat(metrics).containsEntry("tasks_scored", 1.0).containsEntry("tasks_unscored", 1.0);
        task.requireScorable();
        // a validation split in which no column has both classes: the metric would be undefined every epoch,
        // an error before training (whole data set) or when the metric is asked for (a 'limit' slice)
        Splits hopeless = new Splits(range(4, 20), new int[] {0, 2}, new int[] {1, 3});
        LabelledMoleculeTask doomed = new LabelledMoleculeTask(MoleculeNetDataset.TOX21, t, hopeless, "given");
        String undefined = "multi.csv: the roc_auc of the validation split (2 molecules) is undefined: "
                + "column 'a': only class 0 (2 labels); column 'b': only class 1 (2 labels)";
        assertThatThrownBy(doomed::requireScorable).isInstanceOf(ConfigurationException.class).hasMessageContaining(undefined);
        assertThatThrownBy(() -> doomed.metrics(encoder, params, head, org.tapweight.api.model.Split.VALIDATION))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining(undefined);
    }

    private static int[] range(int from, int to) {
        return java.util.stream.IntStream.range(from, to).toArray();
    }

    private static Path onlyFile(Path dir) throws java.io.IOException {
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            java.util.List<Path> all = files.filter(p -> !p.getFileName().toString().startsWith(".")).toList();
            assertThat(all).hasSize(1);
            return all.get(0);
        }
    }

    /** Every label 1.0 becomes 0.0 (the only doubles in these payloads that are 1.0). */
    private static byte[] flipLabels(byte[] payload) {
        byte[] one = java.nio.ByteBuffer.allocate(8).putDouble(1.0).array();
        byte[] out = payload.clone();
        int flipped = 0;
        for (int i = 0; i + 8 <= out.length; i++) {
            if (Arrays.equals(out, i, i + 8, one, 0, 8)) {
                Arrays.fill(out, i, i + 8, (byte) 0);
                flipped++;
            }
        }
        assertThat(flipped).isPositive();
        return out;
    }

    /**
     * The cache file with its payload decompressed, edited and compressed again, and its old hash:
     * layout "TWCACHE2", key length, key, gzip payload, SHA-256.
     */
    private static byte[] editPayload(byte[] file, java.util.function.UnaryOperator<byte[]> edit) throws java.io.IOException {
        int keyLength = java.nio.ByteBuffer.wrap(file, 8, 4).getInt();
        int start = 12 + keyLength;
        int end = file.length - 32;
        byte[] payload;
        try (java.io.InputStream in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(file, start, end - start))) {
            payload = in.readAllBytes();
        }
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(edit.apply(payload));
        }
        ByteArrayOutputStream edited = new ByteArrayOutputStream();
        edited.write(file, 0, start);
        edited.write(gz.toByteArray());
        edited.write(file, end, 32);
        return edited.toByteArray();
    }

    private static void assertSameTable(FeaturizedTable actual, FeaturizedTable expected) {
        assertThat(actual.labelNames()).isEqualTo(expected.labelNames());
        assertThat(actual.lines()).containsExactly(expected.lines());
        assertThat(Arrays.deepEquals(actual.labels(), expected.labels())).as("labels").isTrue();
        assertThat(actual.skipped()).isEqualTo(expected.skipped());
        assertThat(actual.size()).isEqualTo(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            MolecularGraph a = actual.graphs().get(i);
            MolecularGraph e = expected.graphs().get(i);
            assertThat(a.smiles()).isEqualTo(e.smiles());
            assertThat(a.scaffold()).isEqualTo(e.scaffold());
            assertThat(a.atomFeatures()).containsExactly(e.atomFeatures());
            assertThat(a.bondAtoms()).containsExactly(e.bondAtoms());
            assertThat(a.bondFeatures()).containsExactly(e.bondFeatures());
        }
    }
}
