package org.tapweight.molecule.data;

import org.tapweight.core.data.DataFiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tapweight.api.plugin.ConfigurationException;

/** Reading SMILES tables, invalid-SMILES policies, the feature cache and the splits. */
class MoleculeDataTest {

    @Test
    void siderHeadersWithCommasAreReadAsTwentySevenLabels() {
        LabelledSmiles t = SmilesTableReader.read(DataFiles.locate("moleculenet/sider.csv"), "smiles");
        assertThat(t.labelNames()).hasSize(27).contains("Hepatobiliary disorders", "Product issues");
        assertThat(t.labelNames()).anyMatch(n -> n.contains(","));
        assertThat(t.rows()).hasSize(1427);
        assertThat(t.rows().get(0).line()).isEqualTo(2);
    }

    @Test
    void emptyFieldsAreMissingLabels() {
        LabelledSmiles t = SmilesTableReader.read(DataFiles.locate("moleculenet/tox21.csv"), "smiles");
        long missing = t.rows().stream().flatMapToDouble(r -> java.util.Arrays.stream(r.labels())).filter(Double::isNaN).count();
        assertThat(missing).isEqualTo(16_026); // as counted in the data set notes
    }

    @Test
    void aBadLabelNamesFileLineAndField(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("bad.csv");
        Files.writeString(f, "smiles,active\nCCO,1\nCCN,yes\n");
        assertThatThrownBy(() -> SmilesTableReader.read(f, "smiles")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("bad.csv, line 3, field 'active': 'yes' is not a number");
        assertThatThrownBy(() -> SmilesTableReader.read(f, "mol")).hasMessageContaining("the header has no SMILES column 'mol'");
        Files.writeString(f, "smiles,active\nCCO,1\nCCN,2\n");
        assertThatThrownBy(() -> new MoleculeLoader(null).load(f, "smiles", true, InvalidSmilesPolicy.FAIL))
                .hasMessageContaining("line 3, field 'active': 2.0 is not a binary label");
    }

    /** A spreadsheet's byte-order mark used to become part of the first column's name. */
    @Test
    void aUtf8ByteOrderMarkBeforeTheHeaderIsDropped(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("bom.csv");
        Files.write(f, ("\uFEFFsmiles,active\nCCO,1\nCCN,0\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        LabelledSmiles t = SmilesTableReader.read(f, "smiles");
        assertThat(t.labelNames()).containsExactly("active");
        assertThat(t.rows()).hasSize(2);
        assertThat(t.rows().get(0).smiles()).isEqualTo("CCO");
        // without a mark nothing is dropped
        Files.writeString(f, "smiles,active\nCCO,1\n");
        assertThat(SmilesTableReader.read(f, "smiles").rows().get(0).smiles()).isEqualTo("CCO");
    }

    @Test
    void invalidSmilesFailOrAreSkippedAndListed(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("mixed.csv");
        Files.writeString(f, "smiles,y\nCCO,1\nC1CC,0\nc1ccccc1,1\n,0\n");
        assertThatThrownBy(() -> new MoleculeLoader(null).load(f, "smiles", true, InvalidSmilesPolicy.FAIL))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("mixed.csv, line 3, field 'smiles': cannot parse 'C1CC'");
        FeaturizedTable t = new MoleculeLoader(null).load(f, "smiles", true, InvalidSmilesPolicy.SKIP);
        assertThat(t.size()).isEqualTo(2);
        assertThat(t.lines()).containsExactly(2, 4);
        assertThat(t.skipped()).extracting(FeaturizedTable.Skipped::line).containsExactly(3L, 5L);
        assertThat(t.skipped().get(1).reason()).contains("empty");
    }

    @Test
    void theCacheReturnsTheSameTableAndADamagedCacheIsRebuilt(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("small.csv");
        Files.writeString(f, "smiles,y\nCCO,1\nc1ccccc1O,0\nC[C@H](N)C(=O)O,\n");
        MoleculeLoader loader = new MoleculeLoader(tmp.resolve("cache"));
        FeaturizedTable first = loader.load(f, "smiles", true, InvalidSmilesPolicy.FAIL);
        Path[] cached = Files.list(tmp.resolve("cache")).toArray(Path[]::new);
        assertThat(cached).hasSize(1);
        FeaturizedTable second = loader.load(f, "smiles", true, InvalidSmilesPolicy.FAIL);
        assertThat(second.graphs()).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(second.graphs().get(i).atomFeatures()).containsExactly(first.graphs().get(i).atomFeatures());
            assertThat(second.graphs().get(i).bondAtoms()).containsExactly(first.graphs().get(i).bondAtoms());
            assertThat(second.graphs().get(i).scaffold()).isEqualTo(first.graphs().get(i).scaffold());
        }
        assertThat(Double.isNaN(second.labels()[2][0])).isTrue();
        Files.writeString(cached[0], "garbage");
        assertThat(loader.load(f, "smiles", true, InvalidSmilesPolicy.FAIL).size()).isEqualTo(3);
        assertThat(Files.size(cached[0])).isGreaterThan(7);
    }

    @Test
    void theScaffoldSplitKeepsEachScaffoldInOnePartAndIsTheSameEveryRun() {
        FeaturizedTable t = new MoleculeLoader(null).load(DataFiles.locate("moleculenet/bbbp.csv"), "smiles", true,
                InvalidSmilesPolicy.FAIL);
        Splits a = Splits.scaffold(t.graphs(), 0.8, 0.1);
        Splits b = Splits.scaffold(t.graphs(), 0.8, 0.1);
        assertThat(a.train()).containsExactly(b.train());
        assertThat(a.test()).containsExactly(b.test());
        assertThat(a.train().length + a.validation().length + a.test().length).isEqualTo(t.size());
        assertThat(a.train().length).isBetween((int) (0.78 * t.size()), (int) (0.8 * t.size()));
        Map<String, Integer> part = new HashMap<>();
        int[][] parts = {a.train(), a.validation(), a.test()};
        Set<Integer> seen = new HashSet<>();
        for (int p = 0; p < 3; p++) {
            for (int i : parts[p]) {
                assertThat(seen.add(i)).isTrue();
                Integer previous = part.put(t.graphs().get(i).scaffold(), p);
                assertThat(previous == null || previous == p).as("scaffold %s in two parts", t.graphs().get(i).scaffold()).isTrue();
            }
        }
        // The largest scaffold group (acyclic molecules share "") goes to train first.
        Map<String, Integer> sizes = new HashMap<>();
        t.graphs().forEach(g -> sizes.merge(g.scaffold(), 1, Integer::sum));
        String largest = sizes.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        assertThat(part.get(largest)).isZero();
    }

    @Test
    void theRandomSplitIsSeededDisjointAndComplete() {
        Splits a = Splits.random(100, 0.8, 0.1, 7);
        Splits b = Splits.random(100, 0.8, 0.1, 7);
        Splits c = Splits.random(100, 0.8, 0.1, 8);
        assertThat(a.train()).containsExactly(b.train());
        assertThat(a.train()).isNotEqualTo(c.train());
        assertThat(a.train()).hasSize(80);
        assertThat(a.validation()).hasSize(10);
        Set<Integer> all = new HashSet<>();
        for (int[] p : new int[][] {a.train(), a.validation(), a.test()}) {
            for (int i : p) {
                all.add(i);
            }
        }
        assertThat(all).hasSize(100);
    }
}
