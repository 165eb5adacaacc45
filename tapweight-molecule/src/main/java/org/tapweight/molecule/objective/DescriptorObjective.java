package org.tapweight.molecule.objective;

import java.util.ArrayList;
import java.util.List;
import org.openscience.cdk.aromaticity.Aromaticity;
import org.openscience.cdk.aromaticity.ElectronDonation;
import org.openscience.cdk.graph.Cycles;
import org.openscience.cdk.interfaces.IAtom;
import org.openscience.cdk.interfaces.IAtomContainer;
import org.openscience.cdk.qsar.IMolecularDescriptor;
import org.openscience.cdk.qsar.descriptors.molecular.HBondAcceptorCountDescriptor;
import org.openscience.cdk.qsar.descriptors.molecular.HBondDonorCountDescriptor;
import org.openscience.cdk.qsar.descriptors.molecular.RotatableBondsCountDescriptor;
import org.openscience.cdk.qsar.descriptors.molecular.TPSADescriptor;
import org.openscience.cdk.qsar.descriptors.molecular.WeightDescriptor;
import org.openscience.cdk.qsar.descriptors.molecular.XLogPDescriptor;
import org.openscience.cdk.qsar.result.DoubleArrayResult;
import org.openscience.cdk.qsar.result.DoubleResult;
import org.openscience.cdk.qsar.result.IDescriptorResult;
import org.openscience.cdk.qsar.result.IntegerArrayResult;
import org.openscience.cdk.qsar.result.IntegerResult;
import org.openscience.cdk.silent.SilentChemObjectBuilder;
import org.openscience.cdk.smiles.SmilesParser;
import org.openscience.cdk.tools.manipulator.AtomContainerManipulator;
import org.tapweight.api.modality.Objective;
import org.tapweight.api.modality.ObjectiveProvider;
import org.tapweight.api.plugin.Settings;
import org.tapweight.molecule.model.GraphDataset;

/**
 * Graph-level property prediction: regression on CDK descriptors standardised over the corpus
 * (molecular weight, TPSA, XLogP, H-bond donors and acceptors, rotatable bonds, ring count,
 * aromatic ring count, heavy atoms, fraction of sp3 carbons). A descriptor CDK cannot compute for a
 * molecule is a missing value.
 */
public final class DescriptorObjective extends CorpusLabelObjective {

    static final List<String> NAMES = List.of("molecular_weight", "tpsa", "xlogp", "hbond_donors", "hbond_acceptors",
            "rotatable_bonds", "rings", "aromatic_rings", "heavy_atoms", "fraction_sp3_carbons");

    public DescriptorObjective() {
        super("descriptors", false);
    }

    @Override
    String settingsKey() {
        return String.join(",", NAMES);
    }

    /** The raw descriptor values of one molecule (NaN where CDK fails). */
    static double[] describe(String smiles) {
        double[] v = new double[NAMES.size()];
        java.util.Arrays.fill(v, Double.NaN);
        IAtomContainer mol;
        try {
            mol = new SmilesParser(SilentChemObjectBuilder.getInstance()).parseSmiles(smiles);
            AtomContainerManipulator.percieveAtomTypesAndConfigureAtoms(mol);
            Cycles.markRingAtomsAndBonds(mol);
            new Aromaticity(ElectronDonation.daylight(), Cycles.or(Cycles.all(), Cycles.relevant())).apply(mol);
        } catch (Exception | StackOverflowError e) {
            return v;
        }
        IMolecularDescriptor[] descriptors = {new WeightDescriptor(), new TPSADescriptor(), new XLogPDescriptor(),
            new HBondDonorCountDescriptor(), new HBondAcceptorCountDescriptor(), new RotatableBondsCountDescriptor()};
        for (int i = 0; i < descriptors.length; i++) {
            try {
                v[i] = first(descriptors[i].calculate(mol).getValue());
            } catch (Exception | StackOverflowError e) {
                v[i] = Double.NaN;
            }
        }
        try {
            Cycles sssr = Cycles.sssr(mol);
            v[6] = sssr.numberOfCycles();
            int aromatic = 0;
            for (int[] path : sssr.paths()) {
                boolean all = true;
                for (int k = 0; k + 1 < path.length; k++) {
                    all &= mol.getAtom(path[k]).isAromatic();
                }
                if (all) {
                    aromatic++;
                }
            }
            v[7] = aromatic;
        } catch (Exception | StackOverflowError e) {
            // leave NaN
        }
        int heavy = 0;
        int carbons = 0;
        int sp3 = 0;
        for (IAtom a : mol.atoms()) {
            if (!"H".equals(a.getSymbol())) {
                heavy++;
            }
            if ("C".equals(a.getSymbol())) {
                carbons++;
                if (a.getHybridization() == org.openscience.cdk.interfaces.IAtomType.Hybridization.SP3) {
                    sp3++;
                }
            }
        }
        v[8] = heavy;
        v[9] = carbons == 0 ? 0.0 : (double) sp3 / carbons;
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                v[i] = Double.NaN;
            }
        }
        return v;
    }

    private static double first(IDescriptorResult r) {
        if (r instanceof DoubleResult d) {
            return d.doubleValue();
        }
        if (r instanceof IntegerResult i) {
            return i.intValue();
        }
        if (r instanceof DoubleArrayResult a) {
            return a.get(0);
        }
        if (r instanceof IntegerArrayResult a) {
            return a.get(0);
        }
        return Double.NaN;
    }

    @Override
    CorpusLabels derive(GraphDataset corpus) {
        double[][] raw = new double[corpus.size()][];
        for (int i = 0; i < corpus.size(); i++) {
            raw[i] = describe(corpus.graph(i).smiles());
        }
        int d = NAMES.size();
        for (int c = 0; c < d; c++) {
            double[] column = new double[raw.length];
            for (int r = 0; r < raw.length; r++) {
                column[r] = raw[r][c];
            }
            org.tapweight.nn.Standardisation st = org.tapweight.nn.Standardisation.of(column);
            for (double[] row : raw) {
                row[c] = st.apply(row[c]);
            }
        }
        return new CorpusLabels(new ArrayList<>(NAMES), raw);
    }

    /** Service provider for id {@code descriptors} (modality {@code molecule}). */
    public static final class Provider implements ObjectiveProvider {
        @Override
        public String id() {
            return "descriptors";
        }

        @Override
        public String description() {
            return "regress standardised CDK descriptors (weight, TPSA, XLogP, H-bond donors/acceptors, rings, ...)";
        }

        @Override
        public String modality() {
            return "molecule";
        }

        @Override
        public Objective<?> create(Settings settings) {
            return new DescriptorObjective();
        }
    }
}
