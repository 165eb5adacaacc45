package org.tapweight.molecule.model;

import java.util.List;
import org.tapweight.api.modality.Batch;
import org.tapweight.molecule.chem.AtomFeatures;
import org.tapweight.molecule.chem.BondFeatures;
import org.tapweight.molecule.chem.MolecularGraph;

/**
 * Several molecules as one disjoint graph: atoms numbered across molecules, every bond as two
 * directed edges, and each atom's molecule. Arrays are plain Java so objectives can corrupt a copy
 * (mask atoms, drop edges) cheaply.
 *
 * @param indices      the examples' indices in their data set
 * @param atomFeatures {@code [atoms * AtomFeatures.COUNT]} codes; a masked atom has code
 *                     {@link #maskCode(int)} in every feature
 * @param edgeSource   source atom of each directed edge
 * @param edgeTarget   target atom of each directed edge
 * @param edgeFeatures {@code [edges * BondFeatures.COUNT]} codes
 * @param atomGraph    the molecule (0..graphs-1) of each atom
 * @param graphs       the number of molecules
 * @param labels       {@code [molecules][tasks]} with NaN for missing labels, or null (unlabelled)
 */
public record GraphBatch(int[] indices, int[] atomFeatures, int[] edgeSource, int[] edgeTarget, int[] edgeFeatures,
                         int[] atomGraph, int graphs, double[][] labels) implements Batch {

    public int atoms() {
        return atomGraph.length;
    }

    public int edges() {
        return edgeSource.length;
    }

    /** The extra embedding row each atom feature has for a masked atom. */
    public static int maskCode(int feature) {
        return AtomFeatures.size(feature);
    }

    /** The labels; an error for an unlabelled batch. */
    public double[][] requireLabels() {
        if (labels == null) {
            throw new IllegalStateException("this batch has no labels (an unlabelled corpus?)");
        }
        return labels;
    }

    /** Atoms per molecule. */
    public int[] graphSizes() {
        int[] sizes = new int[graphs];
        for (int g : atomGraph) {
            sizes[g]++;
        }
        return sizes;
    }

    /** Packs molecules (in order) into one unlabelled batch. */
    public static GraphBatch of(int[] indices, List<MolecularGraph> molecules) {
        return of(indices, molecules, null);
    }

    /** Packs molecules (in order) with their labels ({@code [molecules][tasks]}, or null). */
    public static GraphBatch of(int[] indices, List<MolecularGraph> molecules, double[][] labels) {
        int atoms = 0;
        int edges = 0;
        for (MolecularGraph m : molecules) {
            atoms += m.atoms();
            edges += 2 * m.bonds();
        }
        int[] af = new int[atoms * AtomFeatures.COUNT];
        int[] src = new int[edges];
        int[] dst = new int[edges];
        int[] ef = new int[edges * BondFeatures.COUNT];
        int[] graphOf = new int[atoms];
        int atomOffset = 0;
        int e = 0;
        for (int g = 0; g < molecules.size(); g++) {
            MolecularGraph m = molecules.get(g);
            System.arraycopy(m.atomFeatures(), 0, af, atomOffset * AtomFeatures.COUNT, m.atoms() * AtomFeatures.COUNT);
            for (int a = 0; a < m.atoms(); a++) {
                graphOf[atomOffset + a] = g;
            }
            for (int b = 0; b < m.bonds(); b++) {
                int u = atomOffset + m.bondAtoms()[2 * b];
                int v = atomOffset + m.bondAtoms()[2 * b + 1];
                for (int dir = 0; dir < 2; dir++) {
                    src[e] = dir == 0 ? u : v;
                    dst[e] = dir == 0 ? v : u;
                    System.arraycopy(m.bondFeatures(), b * BondFeatures.COUNT, ef, e * BondFeatures.COUNT, BondFeatures.COUNT);
                    e++;
                }
            }
            atomOffset += m.atoms();
        }
        return new GraphBatch(indices, af, src, dst, ef, graphOf, molecules.size(), labels);
    }

    /** A copy with the given atoms masked (every feature set to its mask code). */
    public GraphBatch withMaskedAtoms(int[] masked) {
        int[] af = atomFeatures.clone();
        for (int a : masked) {
            for (int f = 0; f < AtomFeatures.COUNT; f++) {
                af[a * AtomFeatures.COUNT + f] = maskCode(f);
            }
        }
        return new GraphBatch(indices, af, edgeSource, edgeTarget, edgeFeatures, atomGraph, graphs, labels);
    }

    /** A copy without the bonds whose flag is set in {@code dropBond} (indexed by undirected bond = edge / 2). */
    public GraphBatch withoutBonds(boolean[] dropBond) {
        int kept = 0;
        for (int e = 0; e < edges(); e++) {
            if (!dropBond[e / 2]) {
                kept++;
            }
        }
        int[] src = new int[kept];
        int[] dst = new int[kept];
        int[] ef = new int[kept * BondFeatures.COUNT];
        int k = 0;
        for (int e = 0; e < edges(); e++) {
            if (dropBond[e / 2]) {
                continue;
            }
            src[k] = edgeSource[e];
            dst[k] = edgeTarget[e];
            System.arraycopy(edgeFeatures, e * BondFeatures.COUNT, ef, k * BondFeatures.COUNT, BondFeatures.COUNT);
            k++;
        }
        return new GraphBatch(indices, atomFeatures, src, dst, ef, atomGraph, graphs, labels);
    }
}
