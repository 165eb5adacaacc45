package org.tapweight.molecule.objective;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tapweight.core.run.Provenance;
import org.tapweight.molecule.data.CacheFile;
import org.tapweight.molecule.data.CacheInput;
import org.tapweight.molecule.data.MoleculeLoader;
import org.tapweight.molecule.model.GraphDataset;

/**
 * Labels an objective derives from a corpus ({@code [molecules][columns]} plus column names),
 * cached on disk under a key made of the objective, its settings and the corpus's SMILES, so they
 * are derived once per corpus. Set {@code TAPWEIGHT_CACHE} to move the cache. The file is verified
 * ({@link CacheFile}); a damaged or stale one is derived again with a warning.
 */
public record CorpusLabels(List<String> columns, double[][] values) {

    private static final Logger LOG = LoggerFactory.getLogger(CorpusLabels.class);

    static GraphDataset requireGraphs(Object corpus, String objective) {
        if (!(corpus instanceof GraphDataset g)) {
            throw new org.tapweight.api.plugin.ConfigurationException("objective '" + objective
                    + "' needs a molecular corpus, got " + corpus.getClass().getSimpleName());
        }
        return g;
    }

    /** The cached labels for (key, corpus) in the default cache folder, or those {@code derive} computes. */
    static CorpusLabels cached(String key, GraphDataset corpus, Supplier<CorpusLabels> derive, Consumer<String> warnings) {
        return cached(MoleculeLoader.defaultCacheDir().resolve("labels"), key, corpus, derive, warnings);
    }

    /**
     * The cached labels for (key, corpus) in {@code dir}, or those {@code derive} computes (then
     * cached); {@code warnings} is told of a cache file that was not used or not written.
     */
    public static CorpusLabels cached(Path dir, String key, GraphDataset corpus, Supplier<CorpusLabels> derive,
                                      Consumer<String> warnings) {
        StringBuilder sb = new StringBuilder(key).append('\n');
        for (int i = 0; i < corpus.size(); i++) {
            sb.append(corpus.graph(i).smiles()).append('\n');
        }
        String digest = Provenance.sha256(sb.toString().getBytes(StandardCharsets.UTF_8));
        String fullKey = "labels|" + key + "|corpus sha256 " + digest + "|molecules " + corpus.size();
        Path file = dir.resolve(digest.substring(0, 24) + ".bin");
        CorpusLabels found = CacheFile.read(file, fullKey, in -> read(in, corpus.size()), warnings);
        if (found != null) {
            return found;
        }
        CorpusLabels labels = derive.get();
        try {
            CacheFile.write(file, fullKey, out -> {
                out.writeInt(labels.columns().size());
                for (String c : labels.columns()) {
                    out.writeString(c);
                }
                out.writeInt(labels.values().length);
                for (double[] row : labels.values()) {
                    out.writeDoubles(row);
                }
            });
        } catch (IOException e) {
            // The cache is an optimisation: a read-only cache folder must not stop a run.
            String warning = "cannot write the label cache " + file + ": " + e.getMessage();
            LOG.warn(warning);
            warnings.accept(warning);
        }
        return labels;
    }

    private static CorpusLabels read(CacheInput in, int molecules) throws IOException {
        int cols = in.readCount(4);
        List<String> names = new ArrayList<>(cols);
        for (int c = 0; c < cols; c++) {
            names.add(in.readString());
        }
        int rows = in.readCount(4);
        if (rows != molecules) {
            throw new IOException(rows + " rows for a corpus of " + molecules + " molecules");
        }
        double[][] v = new double[rows][];
        for (int r = 0; r < rows; r++) {
            v[r] = in.readDoubles();
            if (v[r].length != cols) {
                throw new IOException("row " + r + " has " + v[r].length + " values, not " + cols);
            }
        }
        in.requireEnd();
        return new CorpusLabels(List.copyOf(names), v);
    }
}
