package org.tapweight.molecule.chem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.openscience.cdk.exception.InvalidSmilesException;

/** Atom and bond features, scaffolds and parse errors on molecules whose answers are known. */
class FeaturizerTest {

    private final Featurizer f = new Featurizer();

    private static int count(MolecularGraph g, int feature, int code) {
        int c = 0;
        for (int a = 0; a < g.atoms(); a++) {
            if (g.atomFeature(a, feature) == code) {
                c++;
            }
        }
        return c;
    }

    @Test
    void phenol() throws Exception {
        MolecularGraph g = f.featurize("c1ccccc1O");
        assertThat(g.atoms()).isEqualTo(7);
        assertThat(g.bonds()).isEqualTo(7);
        assertThat(count(g, AtomFeatures.AROMATIC, 1)).isEqualTo(6);
        assertThat(count(g, AtomFeatures.IN_RING, 1)).isEqualTo(6);
        int oxygen = 6;
        assertThat(g.atomFeature(oxygen, AtomFeatures.ELEMENT)).isEqualTo(AtomFeatures.ELEMENTS.indexOf("O"));
        assertThat(g.atomFeature(oxygen, AtomFeatures.HYDROGENS)).isEqualTo(1);
        assertThat(g.atomFeature(oxygen, AtomFeatures.DEGREE)).isEqualTo(1);
        assertThat(g.atomFeature(5, AtomFeatures.DEGREE)).isEqualTo(3); // the ring carbon bearing O
        assertThat(g.atomFeature(0, AtomFeatures.HYDROGENS)).isEqualTo(1);
        assertThat(g.atomFeature(0, AtomFeatures.HYBRIDISATION)).isEqualTo(2); // sp2
        int aromaticBonds = 0;
        for (int b = 0; b < g.bonds(); b++) {
            if (g.bondFeature(b, BondFeatures.ORDER) == 3) {
                aromaticBonds++;
                assertThat(g.bondFeature(b, BondFeatures.IN_RING)).isEqualTo(1);
                assertThat(g.bondFeature(b, BondFeatures.CONJUGATED)).isEqualTo(1);
            }
        }
        assertThat(aromaticBonds).isEqualTo(6);
        assertThat(g.scaffold()).isEqualTo("c1ccccc1");
    }

    @Test
    void kekuleAndAromaticSpellingsGiveTheSameFeatures() throws Exception {
        MolecularGraph kekule = f.featurize("C1=CC=CC=C1");
        MolecularGraph aromatic = f.featurize("c1ccccc1");
        assertThat(kekule.atomFeatures()).containsExactly(aromatic.atomFeatures());
        assertThat(kekule.bondFeatures()).containsExactly(aromatic.bondFeatures());
    }

    @Test
    void chargesChiralityAndDoubleBondStereo() throws Exception {
        MolecularGraph ammonium = f.featurize("[NH4+]");
        assertThat(ammonium.atomFeature(0, AtomFeatures.FORMAL_CHARGE)).isEqualTo(3); // +1
        assertThat(ammonium.atomFeature(0, AtomFeatures.HYDROGENS)).isEqualTo(4);
        MolecularGraph alanine = f.featurize("C[C@H](N)C(=O)O");
        assertThat(alanine.atomFeature(1, AtomFeatures.CHIRALITY)).isIn(1, 2);
        assertThat(f.featurize("C[C@@H](N)C(=O)O").atomFeature(1, AtomFeatures.CHIRALITY))
                .isNotEqualTo(alanine.atomFeature(1, AtomFeatures.CHIRALITY));
        assertThat(f.featurize("CC(N)C(=O)O").atomFeature(1, AtomFeatures.CHIRALITY)).isZero();
        MolecularGraph butene = f.featurize("C/C=C/C");
        assertThat(butene.bondFeature(1, BondFeatures.ORDER)).isEqualTo(1);
        assertThat(butene.bondFeature(1, BondFeatures.STEREO)).isEqualTo(1);
        assertThat(butene.bondFeature(0, BondFeatures.STEREO)).isZero();
        MolecularGraph butadiene = f.featurize("C=CC=C");
        assertThat(butadiene.bondFeature(1, BondFeatures.CONJUGATED)).isEqualTo(1);
        assertThat(f.featurize("C=CCC=C").bondFeature(0, BondFeatures.CONJUGATED)).isZero();
    }

    @Test
    void unusualElementsShareTheOtherCode() throws Exception {
        MolecularGraph g = f.featurize("[Cu+2]");
        assertThat(g.atomFeature(0, AtomFeatures.ELEMENT)).isEqualTo(AtomFeatures.ELEMENTS.indexOf("Cu"));
        assertThat(f.featurize("[Gd]").atomFeature(0, AtomFeatures.ELEMENT)).isEqualTo(AtomFeatures.ELEMENTS.size());
        assertThat(f.featurize("*C").atoms()).isEqualTo(2);
    }

    @Test
    void scaffolds() throws Exception {
        assertThat(f.featurize("OC(=O)Cc1ccccc1").scaffold()).isEqualTo("c1ccccc1");
        assertThat(f.featurize("CCO").scaffold()).isEmpty();
        // Side chains are cut, linkers between rings kept.
        assertThat(f.featurize("CCc1ccc(Cc2ccncc2)cc1").scaffold()).isEqualTo(f.featurize("c1ccc(Cc2ccncc2)cc1").scaffold());
    }

    @Test
    void invalidSmilesThrowWithTheParsersMessage() {
        assertThatThrownBy(() -> f.featurize("C1CC")).isInstanceOf(InvalidSmilesException.class).hasMessageContaining("ring");
        assertThatThrownBy(() -> f.featurize("")).isInstanceOf(InvalidSmilesException.class);
    }

    @Test
    void everyFeatureCodeIsWithinItsVocabulary() throws Exception {
        for (String s : new String[] {"CC(=O)Oc1ccccc1C(=O)O", "[O-][N+](=O)c1ccc(Cl)cc1", "C#N", "[Na+].[Cl-]", "N=C=O"}) {
            MolecularGraph g = f.featurize(s);
            for (int a = 0; a < g.atoms(); a++) {
                for (int k = 0; k < AtomFeatures.COUNT; k++) {
                    assertThat(g.atomFeature(a, k)).isBetween(0, AtomFeatures.size(k) - 1);
                }
            }
            for (int b = 0; b < g.bonds(); b++) {
                for (int k = 0; k < BondFeatures.COUNT; k++) {
                    assertThat(g.bondFeature(b, k)).isBetween(0, BondFeatures.size(k) - 1);
                }
            }
        }
    }
}
