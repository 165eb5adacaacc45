package org.tapweight.molecule.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.openscience.cdk.exception.InvalidSmilesException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tapweight.api.plugin.ConfigurationException;
import org.tapweight.core.run.Provenance;
import org.tapweight.molecule.chem.AtomFeatures;
import org.tapweight.molecule.chem.BondFeatures;
import org.tapweight.molecule.chem.Featurizer;
import org.tapweight.molecule.chem.MolecularGraph;

/**
 * Loads and featurises a SMILES table, with an on-disk cache so a second run does not featurise
 * again. A cache file is verified ({@link CacheFile}: content hash, and the source file's SHA-256
 * and every setting it was built with); a damaged or stale one is rebuilt with a warning, listed by
 * {@link #cacheWarnings()}. A SMILES longer than {@code maxSmilesLength} characters is refused
 * before CDK sees it (CDK's recursion overflows the stack on chains of a few thousand atoms), and
 * any failure inside CDK is a per-row error under the invalid-SMILES policy.
 */
public final class MoleculeLoader {

    /** Above every SMILES of the bundled data (SIDER's longest has 1,340 characters), below CDK's limits. */
    public static final int DEFAULT_MAX_SMILES_LENGTH = 2000;
    private static final int SHOWN_CHARACTERS = 200;
    private static final Logger LOG = LoggerFactory.getLogger(MoleculeLoader.class);

    private final Path cacheDir;
    private final int maxSmilesLength;
    private final List<String> cacheWarnings = new ArrayList<>();

    /** @param cacheDir where featurised tables are cached, or null for no cache */
    public MoleculeLoader(Path cacheDir) {
        this(cacheDir, DEFAULT_MAX_SMILES_LENGTH);
    }

    /** @param maxSmilesLength longer SMILES are invalid rows (see the invalid-SMILES policy) */
    public MoleculeLoader(Path cacheDir, int maxSmilesLength) {
        if (maxSmilesLength < 1) {
            throw new ConfigurationException("maxSmilesLength must be at least 1, got " + maxSmilesLength);
        }
        this.cacheDir = cacheDir;
        this.maxSmilesLength = maxSmilesLength;
    }

    /** The default cache folder: {@code $TAPWEIGHT_CACHE}, else {@code ~/.cache/tapweight/features}. */
    public static Path defaultCacheDir() {
        String env = System.getenv("TAPWEIGHT_CACHE");
        return env != null ? Path.of(env) : Path.of(System.getProperty("user.home"), ".cache", "tapweight", "features");
    }

    /** Cache files this loader found damaged or stale (and rebuilt), or could not write. */
    public List<String> cacheWarnings() {
        return List.copyOf(cacheWarnings);
    }

    public FeaturizedTable load(Path file, String smilesColumn, boolean binaryLabels, InvalidSmilesPolicy policy) {
        return load(file, TableColumns.allLabels(smilesColumn), binaryLabels, policy);
    }

    /** Loads the columns {@code columns} names; {@code binaryLabels}: every label must be 0, 1 or missing. */
    public FeaturizedTable load(Path file, TableColumns columns, boolean binaryLabels, InvalidSmilesPolicy policy) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigurationException(file + ": no such file");
        }
        String sha;
        try {
            sha = Provenance.sha256(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new ConfigurationException(file + ": cannot read: " + e.getMessage(), e);
        }
        String key = "features|file sha256 " + sha + "|featurizer v" + Featurizer.VERSION + "|" + columns.key()
                + "|binary labels " + binaryLabels + "|policy " + policy + "|maxSmilesLength " + maxSmilesLength
                + "|skip reasons on one line"; // older caches hold CDK's multi-line reasons: rebuilt, not mixed in
        Path cached = cacheDir == null ? null
                : cacheDir.resolve(Provenance.sha256(key.getBytes(StandardCharsets.UTF_8)).substring(0, 24) + ".bin");
        if (cached != null) {
            FeaturizedTable t = CacheFile.read(cached, key, in -> FeatureCacheFormat.read(in, file.toString(), sha),
                    cacheWarnings::add);
            if (t != null) {
                return t;
            }
        }
        FeaturizedTable table = featurize(SmilesTableReader.read(file, columns), sha, binaryLabels, policy);
        if (cached != null) {
            try {
                CacheFile.write(cached, key, out -> FeatureCacheFormat.write(out, table));
            } catch (IOException e) {
                // The cache is an optimisation: a full or read-only cache folder must not stop a run.
                String warning = "cannot write the feature cache " + cached + ": " + e.getMessage();
                LOG.warn(warning);
                cacheWarnings.add(warning);
            }
        }
        return table;
    }

    FeaturizedTable featurize(LabelledSmiles rows, String sha, boolean binaryLabels, InvalidSmilesPolicy policy) {
        Featurizer featurizer = new Featurizer();
        List<MolecularGraph> graphs = new ArrayList<>();
        List<double[]> labels = new ArrayList<>();
        List<Long> lines = new ArrayList<>();
        List<FeaturizedTable.Skipped> skipped = new ArrayList<>();
        for (LabelledSmiles.Row row : rows.rows()) {
            if (binaryLabels) {
                requireBinary(rows, row);
            }
            try {
                graphs.add(parse(featurizer, row.smiles()));
                labels.add(row.labels());
                lines.add(row.line());
            } catch (InvalidSmilesException | RuntimeException | StackOverflowError e) {
                if (e instanceof StackOverflowError) {
                    featurizer = new Featurizer(); // CDK's state after an overflow is not trusted
                }
                String reason = reason(e);
                if (policy == InvalidSmilesPolicy.FAIL) {
                    throw new ConfigurationException(rows.source() + ", line " + row.line() + ", field '" + rows.smilesColumn() + "': cannot parse '"
                            + shown(row.smiles()) + "': " + reason + " (set the invalid-SMILES policy to SKIP to leave such rows out)");
                }
                skipped.add(new FeaturizedTable.Skipped(row.line(), shown(row.smiles()), reason));
            }
        }
        return new FeaturizedTable(rows.source(), sha, rows.labelNames(), List.copyOf(graphs),
                labels.toArray(double[][]::new), lines.stream().mapToLong(Long::longValue).toArray(), List.copyOf(skipped));
    }

    /** A SMILES read for scoring: its graph, or why it could not be read. */
    public record Parsed(MolecularGraph graph, String error) {
    }

    /**
     * Featurises SMILES to score, one result per SMILES in order: a graph, or the reason it cannot be
     * read (empty, too long, not parsed by CDK); bad input never throws.
     */
    public List<Parsed> featurizeEach(List<String> smiles) {
        Featurizer featurizer = new Featurizer();
        List<Parsed> out = new ArrayList<>(smiles.size());
        for (String s : smiles) {
            try {
                out.add(new Parsed(parse(featurizer, s), null));
            } catch (InvalidSmilesException | RuntimeException | StackOverflowError e) {
                if (e instanceof StackOverflowError) {
                    featurizer = new Featurizer(); // CDK's state after an overflow is not trusted
                }
                out.add(new Parsed(null, "cannot parse '" + shown(s) + "': " + reason(e)));
            }
        }
        return out;
    }

    private MolecularGraph parse(Featurizer featurizer, String smiles) throws InvalidSmilesException {
        if (smiles.isEmpty()) {
            throw new InvalidSmilesException("the SMILES field is empty");
        }
        if (smiles.length() > maxSmilesLength) {
            throw new InvalidSmilesException("the SMILES has " + smiles.length() + " characters, more than maxSmilesLength "
                    + maxSmilesLength + " (raise the setting for larger molecules)");
        }
        return featurizer.featurize(smiles);
    }

    private static void requireBinary(LabelledSmiles rows, LabelledSmiles.Row row) {
        for (int k = 0; k < row.labels().length; k++) {
            double v = row.labels()[k];
            if (!Double.isNaN(v) && v != 0.0 && v != 1.0) {
                throw new ConfigurationException(rows.source() + ", line " + row.line() + ", field '"
                        + rows.labelNames().get(k) + "': " + v + " is not a binary label (0 or 1)");
            }
        }
    }

    private static String reason(Throwable e) {
        if (e instanceof StackOverflowError) {
            return "the molecule is too large or too deeply nested for CDK (stack overflow)";
        }
        // one line: CDK's messages draw a caret under the bad character on lines of their own
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip().replaceAll("\\s*\\R\\s*", " ");
        return e instanceof RuntimeException ? "CDK failed: " + shown(message) : shown(message);
    }

    /** A long SMILES or message abbreviated for messages and the run record. */
    static String shown(String s) {
        return s.length() <= SHOWN_CHARACTERS ? s
                : s.substring(0, SHOWN_CHARACTERS) + "... (" + s.length() + " characters)";
    }

    /** Cross-checks a graph read from a cache against its own sizes. */
    static MolecularGraph checked(MolecularGraph g) throws IOException {
        if (g.atoms() < 1 || g.atomFeatures().length != g.atoms() * AtomFeatures.COUNT
                || g.bondAtoms().length % 2 != 0 || g.bondFeatures().length != g.bonds() * BondFeatures.COUNT) {
            throw new IOException("a molecule's sizes do not agree");
        }
        for (int a : g.bondAtoms()) {
            if (a < 0 || a >= g.atoms()) {
                throw new IOException("a bond names atom " + a + " of " + g.atoms());
            }
        }
        return g;
    }
}
