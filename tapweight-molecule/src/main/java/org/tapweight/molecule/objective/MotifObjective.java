package org.tapweight.molecule.objective;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.openscience.cdk.aromaticity.Aromaticity;
import org.openscience.cdk.aromaticity.ElectronDonation;
import org.openscience.cdk.fragment.FunctionalGroupsFinder;
import org.openscience.cdk.graph.Cycles;
import org.openscience.cdk.interfaces.IAtomContainer;
import org.openscience.cdk.silent.SilentChemObjectBuilder;
import org.openscience.cdk.smiles.SmiFlavor;
import org.openscience.cdk.smiles.SmilesGenerator;
import org.openscience.cdk.smiles.SmilesParser;
import org.openscience.cdk.tools.manipulator.AtomContainerManipulator;
import org.tapweight.api.modality.Objective;
import org.tapweight.api.modality.ObjectiveProvider;
import org.tapweight.api.plugin.ConfigurationException;
import org.tapweight.api.plugin.SettingSpec;
import org.tapweight.api.plugin.Settings;
import org.tapweight.molecule.model.GraphDataset;

/**
 * Motif prediction: multi-label prediction of Ertl functional groups (CDK's
 * {@link FunctionalGroupsFinder}, general environment) over a vocabulary built from the corpus: the
 * groups found in at least {@code minCount} molecules, the {@code maxGroups} most frequent (ties by
 * SMILES). Molecules outside the finder's constraints (charges, metals, several fragments) get
 * missing labels.
 */
public final class MotifObjective extends CorpusLabelObjective {

    private final int minCount;
    private final int maxGroups;

    public MotifObjective(int minCount, int maxGroups) {
        super("motif", true);
        this.minCount = minCount;
        this.maxGroups = maxGroups;
    }

    @Override
    String settingsKey() {
        return minCount + "," + maxGroups;
    }

    /** The functional groups of one molecule as canonical SMILES, or null outside the finder's constraints. */
    static Set<String> groups(String smiles) {
        try {
            IAtomContainer mol = new SmilesParser(SilentChemObjectBuilder.getInstance()).parseSmiles(smiles);
            AtomContainerManipulator.percieveAtomTypesAndConfigureAtoms(mol);
            new Aromaticity(ElectronDonation.daylight(), Cycles.or(Cycles.all(), Cycles.relevant())).apply(mol);
            if (!FunctionalGroupsFinder.checkConstraints(mol)) {
                return null;
            }
            SmilesGenerator gen = new SmilesGenerator(SmiFlavor.Unique | SmiFlavor.UseAromaticSymbols);
            Set<String> out = new HashSet<>();
            for (IAtomContainer g : FunctionalGroupsFinder.withGeneralEnvironment().extract(mol)) {
                out.add(gen.create(g));
            }
            return out;
        } catch (Exception | StackOverflowError e) {
            return null;
        }
    }

    @Override
    CorpusLabels derive(GraphDataset corpus) {
        List<Set<String>> found = new ArrayList<>();
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < corpus.size(); i++) {
            Set<String> g = groups(corpus.graph(i).smiles());
            found.add(g);
            if (g != null) {
                g.forEach(s -> counts.merge(s, 1, Integer::sum));
            }
        }
        List<String> vocabulary = counts.entrySet().stream().filter(e -> e.getValue() >= minCount)
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(maxGroups).map(Map.Entry::getKey).toList();
        if (vocabulary.isEmpty()) {
            throw new ConfigurationException("objective 'motif': no functional group occurs in " + minCount
                    + " or more corpus molecules; lower minCount");
        }
        double[][] values = new double[corpus.size()][vocabulary.size()];
        for (int i = 0; i < corpus.size(); i++) {
            for (int k = 0; k < vocabulary.size(); k++) {
                values[i][k] = found.get(i) == null ? Double.NaN : found.get(i).contains(vocabulary.get(k)) ? 1.0 : 0.0;
            }
        }
        return new CorpusLabels(vocabulary, values);
    }

    /** Service provider for id {@code motif} (modality {@code molecule}). */
    public static final class Provider implements ObjectiveProvider {
        @Override
        public String id() {
            return "motif";
        }

        @Override
        public String description() {
            return "multi-label prediction of Ertl functional groups over a vocabulary built from the corpus";
        }

        @Override
        public String modality() {
            return "molecule";
        }

        @Override
        public List<SettingSpec> settings() {
            return List.of(SettingSpec.ofInt("minCount", 5, "a group enters the vocabulary if found in this many molecules"),
                    SettingSpec.ofInt("maxGroups", 64, "at most this many groups, the most frequent"));
        }

        @Override
        public Objective<?> create(Settings settings) {
            int min = settings.getInt("minCount");
            int max = settings.getInt("maxGroups");
            if (min < 1 || max < 1) {
                throw new ConfigurationException(settings.owner() + ": minCount and maxGroups must be >= 1");
            }
            return new MotifObjective(min, max);
        }
    }
}
