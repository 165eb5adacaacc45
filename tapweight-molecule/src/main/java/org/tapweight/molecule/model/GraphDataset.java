package org.tapweight.molecule.model;

import java.util.ArrayList;
import java.util.List;
import org.tapweight.api.modality.Dataset;
import org.tapweight.molecule.chem.MolecularGraph;

/** Molecules (and optionally their labels) addressed by index, batched as {@link GraphBatch}es. */
public final class GraphDataset implements Dataset<GraphBatch> {

    private final String name;
    private final List<MolecularGraph> graphs;
    private final double[][] labels;

    /** @param labels {@code [molecules][tasks]}, or null for an unlabelled corpus */
    public GraphDataset(String name, List<MolecularGraph> graphs, double[][] labels) {
        if (labels != null && labels.length != graphs.size()) {
            throw new IllegalArgumentException(name + ": " + labels.length + " label rows for " + graphs.size() + " molecules");
        }
        this.name = name;
        this.graphs = List.copyOf(graphs);
        this.labels = labels;
    }

    @Override
    public int size() {
        return graphs.size();
    }

    @Override
    public GraphBatch batch(int[] indices) {
        List<MolecularGraph> mols = new ArrayList<>(indices.length);
        double[][] rows = labels == null ? null : new double[indices.length][];
        for (int i = 0; i < indices.length; i++) {
            mols.add(graphs.get(indices[i]));
            if (rows != null) {
                rows[i] = labels[indices[i]];
            }
        }
        return GraphBatch.of(indices, mols, rows);
    }

    @Override
    public String name() {
        return name;
    }

    public MolecularGraph graph(int i) {
        return graphs.get(i);
    }

    public List<MolecularGraph> graphs() {
        return graphs;
    }

    public double[][] labels() {
        return labels;
    }
}
