package org.tapweight.molecule.data;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.openscience.cdk.exception.InvalidSmilesException;
import org.tapweight.api.plugin.ConfigurationException;
import org.tapweight.core.record.AtomicFiles;
import org.tapweight.core.run.Provenance;
import org.tapweight.molecule.chem.Featurizer;
import org.tapweight.molecule.chem.MolecularGraph;

/**
 * Loads and featurises a SMILES table, with an on-disk cache keyed by the file's SHA-256, the
 * featuriser's version and the policy, so a second run does not featurise again. Cache files are
 * written atomically; a damaged one is ignored and rebuilt.
 */
public final class MoleculeLoader {

    private static final int CACHE_FORMAT = 1;

    private final Path cacheDir;

    /** @param cacheDir where featurised tables are cached, or null for no cache */
    public MoleculeLoader(Path cacheDir) {
        this.cacheDir = cacheDir;
    }

    /** The default cache folder: {@code $TAPWEIGHT_CACHE}, else {@code ~/.cache/tapweight/features}. */
    public static Path defaultCacheDir() {
        String env = System.getenv("TAPWEIGHT_CACHE");
        return env != null ? Path.of(env) : Path.of(System.getProperty("user.home"), ".cache", "tapweight", "features");
    }

    public FeaturizedTable load(Path file, String smilesColumn, boolean binaryLabels, InvalidSmilesPolicy policy) {
        String sha;
        try {
            sha = Provenance.sha256(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new ConfigurationException(file + ": cannot read: " + e.getMessage(), e);
        }
        Path cached = cacheDir == null ? null
                : cacheDir.resolve(sha.substring(0, 16) + "-v" + Featurizer.VERSION + "-" + policy.name().toLowerCase() + ".bin.gz");
        if (cached != null && Files.exists(cached)) {
            try {
                return read(cached, file.toString(), sha);
            } catch (IOException | RuntimeException e) {
                // A damaged cache file: featurise again and overwrite it.
            }
        }
        FeaturizedTable table = featurize(SmilesTableReader.read(file, smilesColumn), sha, binaryLabels, policy);
        if (cached != null) {
            try {
                write(cached, table);
            } catch (IOException e) {
                throw new ConfigurationException("cannot write the feature cache " + cached + ": " + e.getMessage(), e);
            }
        }
        return table;
    }

    static FeaturizedTable featurize(LabelledSmiles rows, String sha, boolean binaryLabels, InvalidSmilesPolicy policy) {
        Featurizer featurizer = new Featurizer();
        List<MolecularGraph> graphs = new ArrayList<>();
        List<double[]> labels = new ArrayList<>();
        List<Long> lines = new ArrayList<>();
        List<FeaturizedTable.Skipped> skipped = new ArrayList<>();
        for (LabelledSmiles.Row row : rows.rows()) {
            if (binaryLabels) {
                for (int k = 0; k < row.labels().length; k++) {
                    double v = row.labels()[k];
                    if (!Double.isNaN(v) && v != 0.0 && v != 1.0) {
                        throw new ConfigurationException(rows.source() + ", line " + row.line() + ", field '"
                                + rows.labelNames().get(k) + "': " + v + " is not a binary label (0 or 1)");
                    }
                }
            }
            try {
                if (row.smiles().isEmpty()) {
                    throw new InvalidSmilesException("the SMILES field is empty");
                }
                graphs.add(featurizer.featurize(row.smiles()));
                labels.add(row.labels());
                lines.add(row.line());
            } catch (InvalidSmilesException | RuntimeException e) {
                String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
                if (policy == InvalidSmilesPolicy.FAIL) {
                    throw new ConfigurationException(rows.source() + ", line " + row.line() + ", field 'smiles': cannot parse '"
                            + row.smiles() + "': " + reason + " (set the invalid-SMILES policy to SKIP to leave such rows out)");
                }
                skipped.add(new FeaturizedTable.Skipped(row.line(), row.smiles(), reason));
            }
        }
        return new FeaturizedTable(rows.source(), sha, rows.labelNames(), List.copyOf(graphs),
                labels.toArray(double[][]::new), lines.stream().mapToLong(Long::longValue).toArray(), List.copyOf(skipped));
    }

    private static void write(Path file, FeaturizedTable t) throws IOException {
        AtomicFiles.write(file, raw -> {
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new GZIPOutputStream(raw)));
            out.writeInt(CACHE_FORMAT);
            out.writeUTF(t.sha256());
            out.writeInt(t.labelNames().size());
            for (String n : t.labelNames()) {
                out.writeUTF(n);
            }
            out.writeInt(t.size());
            for (int i = 0; i < t.size(); i++) {
                MolecularGraph g = t.graphs().get(i);
                out.writeUTF(g.smiles());
                out.writeUTF(g.scaffold());
                out.writeLong(t.lines()[i]);
                out.writeInt(g.atoms());
                writeInts(out, g.atomFeatures());
                writeInts(out, g.bondAtoms());
                writeInts(out, g.bondFeatures());
                for (double v : t.labels()[i]) {
                    out.writeDouble(v);
                }
            }
            out.writeInt(t.skipped().size());
            for (FeaturizedTable.Skipped s : t.skipped()) {
                out.writeLong(s.line());
                out.writeUTF(s.smiles());
                out.writeUTF(s.reason().length() > 10_000 ? s.reason().substring(0, 10_000) : s.reason());
            }
            out.close(); // finishes the gzip stream; AtomicFiles then syncs and renames the file
        });
    }

    private static void writeInts(DataOutputStream out, int[] values) throws IOException {
        out.writeInt(values.length);
        for (int v : values) {
            out.writeInt(v);
        }
    }

    private static FeaturizedTable read(Path file, String source, String sha) throws IOException {
        try (InputStream raw = Files.newInputStream(file);
             DataInputStream in = new DataInputStream(new BufferedInputStream(new GZIPInputStream(raw)))) {
            if (in.readInt() != CACHE_FORMAT || !in.readUTF().equals(sha)) {
                throw new IOException("stale cache");
            }
            int nLabels = in.readInt();
            List<String> names = new ArrayList<>();
            for (int i = 0; i < nLabels; i++) {
                names.add(in.readUTF());
            }
            int n = in.readInt();
            List<MolecularGraph> graphs = new ArrayList<>(n);
            double[][] labels = new double[n][nLabels];
            long[] lines = new long[n];
            for (int i = 0; i < n; i++) {
                String smiles = in.readUTF();
                String scaffold = in.readUTF();
                lines[i] = in.readLong();
                int atoms = in.readInt();
                graphs.add(new MolecularGraph(smiles, atoms, readInts(in), readInts(in), readInts(in), scaffold));
                for (int k = 0; k < nLabels; k++) {
                    labels[i][k] = in.readDouble();
                }
            }
            int nSkipped = in.readInt();
            List<FeaturizedTable.Skipped> skipped = new ArrayList<>();
            for (int i = 0; i < nSkipped; i++) {
                skipped.add(new FeaturizedTable.Skipped(in.readLong(), in.readUTF(), in.readUTF()));
            }
            return new FeaturizedTable(source, sha, List.copyOf(names), List.copyOf(graphs), labels, lines, List.copyOf(skipped));
        }
    }

    private static int[] readInts(DataInputStream in) throws IOException {
        int[] v = new int[in.readInt()];
        for (int i = 0; i < v.length; i++) {
            v[i] = in.readInt();
        }
        return v;
    }
}
