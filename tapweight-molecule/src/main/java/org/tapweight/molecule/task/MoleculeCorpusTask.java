package org.tapweight.molecule.task;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.openscience.cdk.silent.SilentChemObjectBuilder;
import org.openscience.cdk.smiles.SmiFlavor;
import org.openscience.cdk.smiles.SmilesGenerator;
import org.openscience.cdk.smiles.SmilesParser;
import org.tapweight.api.modality.Task;
import org.tapweight.api.modality.TaskProvider;
import org.tapweight.api.model.Split;
import org.tapweight.api.plugin.ConfigurationException;
import org.tapweight.api.plugin.SettingSpec;
import org.tapweight.api.plugin.Settings;
import org.tapweight.molecule.chem.MolecularGraph;
import org.tapweight.core.data.DataFiles;
import org.tapweight.core.data.UnlabelledCorpusTask;
import org.tapweight.molecule.data.FeaturizedTable;
import org.tapweight.molecule.data.InvalidSmilesPolicy;
import org.tapweight.molecule.data.MoleculeLoader;
import org.tapweight.molecule.data.MoleculeNetDataset;
import org.tapweight.molecule.data.Splits;
import org.tapweight.molecule.model.GraphBatch;
import org.tapweight.molecule.model.GraphDataset;

/**
 * The general corpus for pretraining a base encoder: the union of the MoleculeNet molecules minus
 * every molecule (by canonical SMILES, stereo ignored) that is in the scaffold-split test part of any
 * data set, de-duplicated, optionally sampled. It has no labels and no task loss: a run in
 * {@code PRETRAIN} mode trains level I on it. A small held-out part is the validation and test split.
 */
public final class MoleculeCorpusTask extends UnlabelledCorpusTask<GraphBatch> {

    private final Map<Split, GraphDataset> splits = new EnumMap<>(Split.class);
    private final Map<String, Integer> counts = new LinkedHashMap<>();
    private final List<String> cacheWarnings;

    /**
     * @param excludeTestOf the data sets whose scaffold-split test molecules are left out (normally all)
     */
    public MoleculeCorpusTask(List<MoleculeNetDataset> datasets, List<MoleculeNetDataset> excludeTestOf, int maxMolecules,
                              long seed, double heldOut) {
        this(datasets, excludeTestOf, List.of(), List.of(), maxMolecules, seed, heldOut);
    }

    /**
     * @param excludeAllOf data sets none of whose molecules may be in the corpus (a corpus disjoint
     *                     from the tasks a bench evaluates on)
     * @param alsoExclude  SMILES of further molecules to leave out (e.g. a task's validation molecules)
     */
    public MoleculeCorpusTask(List<MoleculeNetDataset> datasets, List<MoleculeNetDataset> excludeTestOf,
                              List<MoleculeNetDataset> excludeAllOf, java.util.Collection<String> alsoExclude,
                              int maxMolecules, long seed, double heldOut) {
        super("molecules");
        MoleculeLoader loader = new MoleculeLoader(MoleculeLoader.defaultCacheDir());
        SmilesParser parser = new SmilesParser(SilentChemObjectBuilder.getInstance());
        SmilesGenerator canonical = new SmilesGenerator(SmiFlavor.Unique | SmiFlavor.UseAromaticSymbols);
        List<FeaturizedTable> tables = new ArrayList<>();
        Set<String> excluded = new HashSet<>();
        for (String smiles : alsoExclude) {
            excluded.add(key(parser, canonical, smiles));
        }
        // The test molecules of every listed data set (scaffold split) are excluded, whichever sets form the
        // corpus; every molecule of the excludeAllOf sets too.
        Set<String> benchMolecules = new HashSet<>();
        for (MoleculeNetDataset d : MoleculeNetDataset.values()) {
            if (!excludeTestOf.contains(d) && !datasets.contains(d) && !excludeAllOf.contains(d)) {
                continue;
            }
            FeaturizedTable t = loader.load(DataFiles.locate("moleculenet/" + d.fileName()), d.smilesColumn(),
                    d.kind() == org.tapweight.molecule.data.LabelKind.CLASSIFICATION, InvalidSmilesPolicy.SKIP);
            if (excludeAllOf.contains(d)) {
                for (MolecularGraph g : t.graphs()) {
                    benchMolecules.add(key(parser, canonical, g.smiles()));
                }
                checksums.put(d.fileName(), t.sha256());
            }
            if (excludeTestOf.contains(d)) {
                for (int i : Splits.scaffold(t.graphs(), 0.8, 0.1).test()) {
                    excluded.add(key(parser, canonical, t.graphs().get(i).smiles()));
                }
            }
            if (datasets.contains(d)) {
                tables.add(t);
                checksums.put(d.fileName(), t.sha256());
            }
        }
        Set<String> seen = new HashSet<>();
        List<MolecularGraph> corpus = new ArrayList<>();
        int droppedTest = 0;
        int droppedBench = 0;
        int duplicates = 0;
        for (FeaturizedTable t : tables) {
            for (MolecularGraph g : t.graphs()) {
                String k = key(parser, canonical, g.smiles());
                if (benchMolecules.contains(k)) {
                    droppedBench++;
                } else if (excluded.contains(k)) {
                    droppedTest++;
                } else if (!seen.add(k)) {
                    duplicates++;
                } else {
                    corpus.add(g);
                }
            }
        }
        java.util.Collections.shuffle(corpus, new Random(seed));
        if (maxMolecules > 0 && corpus.size() > maxMolecules) {
            corpus = new ArrayList<>(corpus.subList(0, maxMolecules));
        }
        int held = Math.max(2, (int) Math.round(heldOut * corpus.size()));
        if (corpus.size() < 2 * held + 2) {
            throw new ConfigurationException("the pretraining corpus has only " + corpus.size() + " molecules");
        }
        splits.put(Split.VALIDATION, new GraphDataset("corpus/validation", corpus.subList(0, held), null));
        splits.put(Split.TEST, new GraphDataset("corpus/test", corpus.subList(held, 2 * held), null));
        splits.put(Split.TRAIN, new GraphDataset("corpus/train", corpus.subList(2 * held, corpus.size()), null));
        counts.put("molecules", corpus.size());
        counts.put("excludedAsTestMolecules", droppedTest);
        counts.put("excludedAsMoleculesOfExcludedSets", droppedBench);
        counts.put("duplicates", duplicates);
        cacheWarnings = loader.cacheWarnings();
    }

    /**
     * The canonical SMILES that identifies a molecule across files and spellings: Daylight
     * aromaticity perceived (so Kekulé and aromatic spellings agree), hydrogens suppressed, stereo
     * ignored (molecules differing only in stereo count as one, the cautious side for leakage).
     */
    static String key(SmilesParser parser, SmilesGenerator canonical, String smiles) {
        try {
            org.openscience.cdk.interfaces.IAtomContainer mol = parser.parseSmiles(smiles);
            mol = org.openscience.cdk.tools.manipulator.AtomContainerManipulator.suppressHydrogens(mol);
            org.openscience.cdk.tools.manipulator.AtomContainerManipulator.percieveAtomTypesAndConfigureUnsetProperties(mol);
            new org.openscience.cdk.aromaticity.Aromaticity(org.openscience.cdk.aromaticity.ElectronDonation.daylight(),
                    org.openscience.cdk.graph.Cycles.or(org.openscience.cdk.graph.Cycles.all(),
                            org.openscience.cdk.graph.Cycles.relevant())).apply(mol);
            return canonical.create(mol);
        } catch (Exception e) {
            return "?" + smiles;
        }
    }

    /** Corpus size, molecules excluded for being in a test split, duplicates removed. */
    public Map<String, Integer> counts() {
        return counts;
    }

    @Override
    public Class<GraphBatch> batchType() {
        return GraphBatch.class;
    }

    @Override
    public GraphDataset data(Split split) {
        return splits.get(split);
    }

    @Override
    public Map<String, Object> dataReport() {
        Map<String, Object> r = new LinkedHashMap<>(counts);
        if (!cacheWarnings.isEmpty()) {
            r.put("cacheWarnings", cacheWarnings);
        }
        return r;
    }

    /** Service provider for id {@code molecule-corpus} (modality {@code molecule}). */
    public static final class Provider implements TaskProvider {
        @Override
        public String id() {
            return "molecule-corpus";
        }

        @Override
        public String description() {
            return "unlabelled MoleculeNet union minus all scaffold-split test molecules, for PRETRAIN runs";
        }

        @Override
        public String modality() {
            return "molecule";
        }

        @Override
        public List<SettingSpec> settings() {
            return List.of(SettingSpec.ofString("datasets", "all", "comma-separated data set ids, or all"),
                    SettingSpec.ofString("excludeTestOf", "all", "data sets whose scaffold test molecules are left out"),
                    SettingSpec.ofString("excludeAllOf", "none",
                            "data sets none of whose molecules may be in the corpus (by canonical SMILES), or none"),
                    SettingSpec.ofInt("maxMolecules", 0, "sample at most this many molecules (0 = all)"),
                    SettingSpec.ofInt("seed", 0, "seed of the shuffle and sample"),
                    SettingSpec.ofDouble("heldOut", 0.01, "fraction held out as validation and as test"));
        }

        @Override
        public Task<?> create(Settings settings) {
            return new MoleculeCorpusTask(datasets(settings.getString("datasets")), datasets(settings.getString("excludeTestOf")),
                    datasets(settings.getString("excludeAllOf")), List.of(), settings.getInt("maxMolecules"),
                    settings.getInt("seed"), settings.getDouble("heldOut"));
        }

        private static List<MoleculeNetDataset> datasets(String spec) {
            if (spec.trim().equals("all")) {
                return List.of(MoleculeNetDataset.values());
            }
            if (spec.trim().equals("none")) {
                return List.of();
            }
            List<MoleculeNetDataset> sets = new ArrayList<>();
            for (String id : spec.split(",")) {
                sets.add(MoleculeNetDataset.byId(id.trim()));
            }
            return sets;
        }
    }
}
