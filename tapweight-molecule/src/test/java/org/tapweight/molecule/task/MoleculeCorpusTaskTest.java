package org.tapweight.molecule.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openscience.cdk.silent.SilentChemObjectBuilder;
import org.openscience.cdk.smiles.SmiFlavor;
import org.openscience.cdk.smiles.SmilesGenerator;
import org.openscience.cdk.smiles.SmilesParser;
import org.tapweight.api.model.Split;
import org.tapweight.core.data.DataFiles;
import org.tapweight.molecule.data.FeaturizedTable;
import org.tapweight.molecule.data.InvalidSmilesPolicy;
import org.tapweight.molecule.data.MoleculeLoader;
import org.tapweight.molecule.data.MoleculeNetDataset;
import org.tapweight.molecule.data.Splits;
import org.tapweight.molecule.model.GraphDataset;

/** The pretraining corpus leaves out every test molecule and every duplicate. */
class MoleculeCorpusTaskTest {

    @Test
    void oneMoleculeSpelledDifferentlyHasOneKey() {
        SmilesParser parser = new SmilesParser(SilentChemObjectBuilder.getInstance());
        SmilesGenerator canonical = new SmilesGenerator(SmiFlavor.Unique | SmiFlavor.UseAromaticSymbols);
        String aromatic = MoleculeCorpusTask.key(parser, canonical, "Oc1ccccc1");
        assertThat(MoleculeCorpusTask.key(parser, canonical, "OC1=CC=CC=C1")).isEqualTo(aromatic);
        assertThat(MoleculeCorpusTask.key(parser, canonical, "[H]OC1=C([H])C=CC=C1")).isEqualTo(aromatic);
        assertThat(MoleculeCorpusTask.key(parser, canonical, "c1ccccc1O")).isEqualTo(aromatic);
        assertThat(MoleculeCorpusTask.key(parser, canonical, "Oc1ccccc1C")).isNotEqualTo(aromatic);
        assertThat(MoleculeCorpusTask.key(parser, canonical, "C[C@H](N)C(=O)O"))
                .isEqualTo(MoleculeCorpusTask.key(parser, canonical, "CC(N)C(=O)O")); // stereo ignored
    }

    @Test
    void noTestMoleculeAndNoDuplicateIsInTheCorpus() {
        List<MoleculeNetDataset> sets = List.of(MoleculeNetDataset.ESOL, MoleculeNetDataset.FREESOLV);
        MoleculeCorpusTask task = new MoleculeCorpusTask(sets, sets, 0, 3, 0.02);
        SmilesParser parser = new SmilesParser(SilentChemObjectBuilder.getInstance());
        SmilesGenerator canonical = new SmilesGenerator(SmiFlavor.Unique | SmiFlavor.UseAromaticSymbols);
        Set<String> corpus = new HashSet<>();
        int total = 0;
        for (Split s : Split.values()) {
            GraphDataset d = task.data(s);
            for (int i = 0; i < d.size(); i++) {
                assertThat(corpus.add(MoleculeCorpusTask.key(parser, canonical, d.graph(i).smiles()))).isTrue();
                total++;
            }
        }
        Set<String> test = new HashSet<>();
        for (MoleculeNetDataset ds : sets) {
            FeaturizedTable t = new MoleculeLoader(null).load(DataFiles.locate("moleculenet/" + ds.fileName()),
                    ds.smilesColumn(), false, InvalidSmilesPolicy.FAIL);
            for (int i : Splits.scaffold(t.graphs(), 0.8, 0.1).test()) {
                test.add(MoleculeCorpusTask.key(parser, canonical, t.graphs().get(i).smiles()));
            }
        }
        assertThat(test).isNotEmpty();
        assertThat(corpus).doesNotContainAnyElementsOf(test);
        assertThat(task.counts().get("molecules")).isEqualTo(total);
        assertThat(task.counts().get("excludedAsTestMolecules")).isGreaterThanOrEqualTo(test.size());
        assertThat(task.counts().get("duplicates")).isPositive(); // ESOL repeats molecules
        assertThat(total + task.counts().get("excludedAsTestMolecules") + task.counts().get("duplicates"))
                .isEqualTo(1128 + 642);
    }

    /** A corpus disjoint from the tasks a bench evaluates on: no molecule of an excluded set, in any spelling. */
    @Test
    void aCorpusCanLeaveOutEveryMoleculeOfOtherSets() {
        MoleculeCorpusTask task = new MoleculeCorpusTask(List.of(MoleculeNetDataset.FREESOLV), List.of(),
                List.of(MoleculeNetDataset.ESOL), List.of(), 0, 3, 0.02);
        SmilesParser parser = new SmilesParser(SilentChemObjectBuilder.getInstance());
        SmilesGenerator canonical = new SmilesGenerator(SmiFlavor.Unique | SmiFlavor.UseAromaticSymbols);
        Set<String> esol = new HashSet<>();
        FeaturizedTable t = new MoleculeLoader(null).load(DataFiles.locate("moleculenet/" + MoleculeNetDataset.ESOL.fileName()),
                MoleculeNetDataset.ESOL.smilesColumn(), false, InvalidSmilesPolicy.FAIL);
        t.graphs().forEach(g -> esol.add(MoleculeCorpusTask.key(parser, canonical, g.smiles())));
        int total = 0;
        for (Split s : Split.values()) {
            GraphDataset d = task.data(s);
            for (int i = 0; i < d.size(); i++) {
                assertThat(esol).doesNotContain(MoleculeCorpusTask.key(parser, canonical, d.graph(i).smiles()));
                total++;
            }
        }
        int dropped = task.counts().get("excludedAsMoleculesOfExcludedSets");
        System.out.println("FreeSolv without ESOL: " + total + " molecules, " + dropped + " left out as ESOL's");
        assertThat(dropped).isPositive(); // the two sets share small molecules
        assertThat(total + dropped + task.counts().get("duplicates")).isEqualTo(642);
        assertThat(task.dataChecksums()).containsKey(MoleculeNetDataset.ESOL.fileName()); // the record names what was excluded
    }

    @Test
    void aTaskCanMixGeneralMoleculesIntoLevelOnesCorpusButNeverItsTestMolecules() {
        FeaturizedTable t = new MoleculeLoader(null).load(DataFiles.locate("moleculenet/freesolv.csv"), "smiles", false,
                InvalidSmilesPolicy.FAIL);
        LabelledMoleculeTask task = new LabelledMoleculeTask(MoleculeNetDataset.FREESOLV, t, Splits.scaffold(t.graphs(), 0.8, 0.1));
        assertThat(task.pretrainingCorpus()).isSameAs(task.data(Split.TRAIN));
        task.mixGeneralCorpus(300, 1);
        GraphDataset corpus = task.pretrainingCorpus();
        assertThat(corpus.size()).isEqualTo(task.data(Split.TRAIN).size() + 300);
        assertThat(corpus.labels()).isNull();
        SmilesParser parser = new SmilesParser(SilentChemObjectBuilder.getInstance());
        SmilesGenerator canonical = new SmilesGenerator(SmiFlavor.Unique | SmiFlavor.UseAromaticSymbols);
        Set<String> heldOut = new HashSet<>();
        for (Split s : new Split[] {Split.VALIDATION, Split.TEST}) {
            for (int i = 0; i < task.data(s).size(); i++) {
                heldOut.add(MoleculeCorpusTask.key(parser, canonical, task.data(s).graph(i).smiles()));
            }
        }
        for (int i = task.data(Split.TRAIN).size(); i < corpus.size(); i++) {
            assertThat(heldOut).doesNotContain(MoleculeCorpusTask.key(parser, canonical, corpus.graph(i).smiles()));
        }
    }
}
