package org.tapweight.molecule.data;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.tapweight.molecule.chem.MolecularGraph;

/** The payload of a feature cache file: a {@link FeaturizedTable} without its source and checksum. */
final class FeatureCacheFormat {

    private FeatureCacheFormat() {
    }

    static void write(CacheOutput out, FeaturizedTable t) throws IOException {
        out.writeInt(t.labelNames().size());
        for (String n : t.labelNames()) {
            out.writeString(n);
        }
        out.writeInt(t.size());
        for (int i = 0; i < t.size(); i++) {
            MolecularGraph g = t.graphs().get(i);
            out.writeString(g.smiles());
            out.writeString(g.scaffold());
            out.writeLong(t.lines()[i]);
            out.writeInt(g.atoms());
            out.writeInts(g.atomFeatures());
            out.writeInts(g.bondAtoms());
            out.writeInts(g.bondFeatures());
            out.writeDoubles(t.labels()[i]);
        }
        out.writeInt(t.skipped().size());
        for (FeaturizedTable.Skipped s : t.skipped()) {
            out.writeLong(s.line());
            out.writeString(s.smiles());
            out.writeString(s.reason());
        }
    }

    static FeaturizedTable read(CacheInput in, String source, String sha) throws IOException {
        int nLabels = in.readCount(4);
        List<String> names = new ArrayList<>(nLabels);
        for (int i = 0; i < nLabels; i++) {
            names.add(in.readString());
        }
        int n = in.readCount(4);
        List<MolecularGraph> graphs = new ArrayList<>(n);
        double[][] labels = new double[n][];
        long[] lines = new long[n];
        for (int i = 0; i < n; i++) {
            String smiles = in.readString();
            String scaffold = in.readString();
            lines[i] = in.readLong();
            int atoms = in.readInt();
            graphs.add(MoleculeLoader.checked(new MolecularGraph(smiles, atoms, in.readInts(), in.readInts(), in.readInts(), scaffold)));
            labels[i] = in.readDoubles();
            if (labels[i].length != nLabels) {
                throw new IOException("molecule " + i + " has " + labels[i].length + " labels, not " + nLabels);
            }
        }
        int nSkipped = in.readCount(4);
        List<FeaturizedTable.Skipped> skipped = new ArrayList<>(nSkipped);
        for (int i = 0; i < nSkipped; i++) {
            skipped.add(new FeaturizedTable.Skipped(in.readLong(), in.readString(), in.readString()));
        }
        in.requireEnd();
        return new FeaturizedTable(source, sha, List.copyOf(names), List.copyOf(graphs), labels, lines, List.copyOf(skipped));
    }
}
