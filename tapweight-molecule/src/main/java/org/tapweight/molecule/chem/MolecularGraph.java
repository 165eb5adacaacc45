package org.tapweight.molecule.chem;

/**
 * One molecule as a graph of categorical features: per atom {@link AtomFeatures#COUNT} codes, per
 * (undirected) bond {@link BondFeatures#COUNT} codes and its two atoms, and the Bemis-Murcko
 * scaffold as a canonical SMILES ({@code ""} for acyclic molecules).
 *
 * @param atomFeatures {@code [atoms * AtomFeatures.COUNT]}, row-major
 * @param bondAtoms    {@code [bonds * 2]}: the two atom indices of each bond
 * @param bondFeatures {@code [bonds * BondFeatures.COUNT]}, row-major
 */
public record MolecularGraph(String smiles, int atoms, int[] atomFeatures, int[] bondAtoms, int[] bondFeatures,
                             String scaffold) {

    public int bonds() {
        return bondAtoms.length / 2;
    }

    /** Feature {@code f} of atom {@code a}. */
    public int atomFeature(int a, int f) {
        return atomFeatures[a * AtomFeatures.COUNT + f];
    }

    /** Feature {@code f} of bond {@code b}. */
    public int bondFeature(int b, int f) {
        return bondFeatures[b * BondFeatures.COUNT + f];
    }
}
