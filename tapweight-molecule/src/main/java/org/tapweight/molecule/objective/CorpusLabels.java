package org.tapweight.molecule.objective;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.tapweight.core.record.AtomicFiles;
import org.tapweight.core.run.Provenance;
import org.tapweight.molecule.data.MoleculeLoader;
import org.tapweight.molecule.model.GraphDataset;

/**
 * Labels an objective derives from a corpus ({@code [molecules][columns]} plus column names),
 * cached on disk under a key made of the objective, its settings and the corpus's SMILES, so they
 * are derived once per corpus. Set {@code TAPWEIGHT_CACHE} to move the cache; a damaged file is rebuilt.
 */
public record CorpusLabels(List<String> columns, double[][] values) {

    static GraphDataset requireGraphs(Object corpus, String objective) {
        if (!(corpus instanceof GraphDataset g)) {
            throw new org.tapweight.api.plugin.ConfigurationException("objective '" + objective
                    + "' needs a molecular corpus, got " + corpus.getClass().getSimpleName());
        }
        return g;
    }

    /** The cached labels for (key, corpus), or those {@code derive} computes (then cached). */
    static CorpusLabels cached(String key, GraphDataset corpus, Supplier<CorpusLabels> derive) {
        StringBuilder sb = new StringBuilder(key).append('\n');
        for (int i = 0; i < corpus.size(); i++) {
            sb.append(corpus.graph(i).smiles()).append('\n');
        }
        String digest = Provenance.sha256(sb.toString().getBytes(StandardCharsets.UTF_8));
        Path file = MoleculeLoader.defaultCacheDir().resolve("labels").resolve(digest.substring(0, 24) + ".bin.gz");
        if (Files.exists(file)) {
            try (InputStream raw = Files.newInputStream(file); DataInputStream in = new DataInputStream(new GZIPInputStream(raw))) {
                int cols = in.readInt();
                List<String> names = new ArrayList<>();
                for (int c = 0; c < cols; c++) {
                    names.add(in.readUTF());
                }
                int rows = in.readInt();
                double[][] v = new double[rows][cols];
                for (int r = 0; r < rows; r++) {
                    for (int c = 0; c < cols; c++) {
                        v[r][c] = in.readDouble();
                    }
                }
                if (rows == corpus.size()) {
                    return new CorpusLabels(List.copyOf(names), v);
                }
            } catch (IOException | RuntimeException e) {
                // damaged: derive again
            }
        }
        CorpusLabels labels = derive.get();
        try {
            AtomicFiles.write(file, raw -> {
                DataOutputStream out = new DataOutputStream(new GZIPOutputStream(raw));
                out.writeInt(labels.columns().size());
                for (String c : labels.columns()) {
                    out.writeUTF(c);
                }
                out.writeInt(labels.values().length);
                for (double[] row : labels.values()) {
                    for (double x : row) {
                        out.writeDouble(x);
                    }
                }
                out.close();
            });
        } catch (IOException e) {
            // The cache is an optimisation: a read-only cache folder must not stop a run.
        }
        return labels;
    }
}
