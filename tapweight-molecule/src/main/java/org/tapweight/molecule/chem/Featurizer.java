package org.tapweight.molecule.chem;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openscience.cdk.aromaticity.Aromaticity;
import org.openscience.cdk.aromaticity.ElectronDonation;
import org.openscience.cdk.exception.CDKException;
import org.openscience.cdk.exception.InvalidSmilesException;
import org.openscience.cdk.fragment.MurckoFragmenter;
import org.openscience.cdk.graph.Cycles;
import org.openscience.cdk.interfaces.IAtom;
import org.openscience.cdk.interfaces.IAtomContainer;
import org.openscience.cdk.interfaces.IAtomType;
import org.openscience.cdk.interfaces.IBond;
import org.openscience.cdk.interfaces.IDoubleBondStereochemistry;
import org.openscience.cdk.interfaces.IStereoElement;
import org.openscience.cdk.interfaces.ITetrahedralChirality;
import org.openscience.cdk.silent.SilentChemObjectBuilder;
import org.openscience.cdk.smiles.SmiFlavor;
import org.openscience.cdk.smiles.SmilesGenerator;
import org.openscience.cdk.smiles.SmilesParser;
import org.openscience.cdk.tools.manipulator.AtomContainerManipulator;

/**
 * SMILES to {@link MolecularGraph} with CDK: parse, perceive atom types (only unset properties),
 * mark rings, apply the Daylight aromaticity model (so Kekulé and aromatic spellings of one
 * molecule get the same features) and compute the Bemis-Murcko scaffold. Not thread-safe: use one
 * instance per thread.
 *
 * <p>CDK has no conjugation flag of RDKit's kind; here a bond is conjugated when it is aromatic, or
 * when both its atoms are sp or sp2 and the bond or a bond next to it is a multiple or aromatic bond.
 */
public final class Featurizer {

    /** Bumped whenever the features change, so caches of older features are not reused. */
    public static final int VERSION = 1;

    private final SmilesParser parser = new SmilesParser(SilentChemObjectBuilder.getInstance());
    private final SmilesGenerator canonical = new SmilesGenerator(SmiFlavor.Unique | SmiFlavor.UseAromaticSymbols);
    private final Aromaticity aromaticity = new Aromaticity(ElectronDonation.daylight(),
            Cycles.or(Cycles.all(), Cycles.relevant()));

    /** Featurises one SMILES; an unparseable one throws with CDK's message. */
    public MolecularGraph featurize(String smiles) throws InvalidSmilesException {
        IAtomContainer mol = parser.parseSmiles(smiles);
        if (mol.getAtomCount() == 0) {
            throw new InvalidSmilesException("the SMILES has no atoms");
        }
        try {
            AtomContainerManipulator.percieveAtomTypesAndConfigureUnsetProperties(mol);
        } catch (CDKException e) {
            // An atom CDK cannot type keeps hybridisation 'unknown'; the molecule is still usable.
        }
        Cycles.markRingAtomsAndBonds(mol);
        try {
            aromaticity.apply(mol);
        } catch (CDKException e) {
            throw new InvalidSmilesException("aromaticity perception failed: " + e.getMessage());
        }
        int n = mol.getAtomCount();
        Map<IAtom, Integer> chirality = new HashMap<>();
        Map<IBond, Integer> bondStereo = new HashMap<>();
        for (IStereoElement<?, ?> se : mol.stereoElements()) {
            if (se instanceof ITetrahedralChirality tc) {
                chirality.put(tc.getChiralAtom(), tc.getStereo() == ITetrahedralChirality.Stereo.CLOCKWISE ? 1 : 2);
            } else if (se instanceof IDoubleBondStereochemistry db) {
                bondStereo.put(db.getStereoBond(), 1);
            } else if (se.getFocus() instanceof IAtom a) {
                chirality.put(a, 3);
            } else if (se.getFocus() instanceof IBond b) {
                bondStereo.put(b, 2);
            }
        }
        int[] atomFeatures = new int[n * AtomFeatures.COUNT];
        for (int i = 0; i < n; i++) {
            IAtom a = mol.getAtom(i);
            int explicitH = 0;
            for (IAtom nb : mol.getConnectedAtomsList(a)) {
                if ("H".equals(nb.getSymbol())) {
                    explicitH++;
                }
            }
            int implicitH = a.getImplicitHydrogenCount() == null ? 0 : a.getImplicitHydrogenCount();
            int charge = a.getFormalCharge() == null ? 0 : a.getFormalCharge();
            int base = i * AtomFeatures.COUNT;
            atomFeatures[base + AtomFeatures.ELEMENT] = AtomFeatures.element(a.getSymbol());
            atomFeatures[base + AtomFeatures.DEGREE] = AtomFeatures.degree(mol.getConnectedBondsCount(a));
            atomFeatures[base + AtomFeatures.FORMAL_CHARGE] = AtomFeatures.formalCharge(charge);
            atomFeatures[base + AtomFeatures.HYDROGENS] = AtomFeatures.hydrogens(implicitH + explicitH);
            atomFeatures[base + AtomFeatures.HYBRIDISATION] = hybridisation(a.getHybridization());
            atomFeatures[base + AtomFeatures.AROMATIC] = a.isAromatic() ? 1 : 0;
            atomFeatures[base + AtomFeatures.IN_RING] = a.isInRing() ? 1 : 0;
            atomFeatures[base + AtomFeatures.CHIRALITY] = chirality.getOrDefault(a, 0);
        }
        int m = mol.getBondCount();
        int[] bondAtoms = new int[2 * m];
        int[] bondFeatures = new int[m * BondFeatures.COUNT];
        for (int j = 0; j < m; j++) {
            IBond b = mol.getBond(j);
            bondAtoms[2 * j] = mol.indexOf(b.getBegin());
            bondAtoms[2 * j + 1] = mol.indexOf(b.getEnd());
            int base = j * BondFeatures.COUNT;
            bondFeatures[base + BondFeatures.ORDER] = order(b);
            bondFeatures[base + BondFeatures.AROMATIC] = b.isAromatic() ? 1 : 0;
            bondFeatures[base + BondFeatures.CONJUGATED] = conjugated(mol, b) ? 1 : 0;
            bondFeatures[base + BondFeatures.IN_RING] = b.isInRing() ? 1 : 0;
            bondFeatures[base + BondFeatures.STEREO] = bondStereo.getOrDefault(b, 0);
        }
        return new MolecularGraph(smiles, n, atomFeatures, bondAtoms, bondFeatures, scaffold(mol));
    }

    /**
     * The canonical SMILES of the Bemis-Murcko scaffold, or "" when the molecule has no ring. Atoms
     * that lost a side chain get the hydrogens the cut bonds leave behind (CDK keeps the old counts,
     * which would write them as radicals).
     */
    public String scaffold(IAtomContainer mol) throws InvalidSmilesException {
        IAtomContainer copy;
        try {
            copy = mol.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
        IAtomContainer scaffold = MurckoFragmenter.scaffold(copy);
        if (scaffold == null || scaffold.getAtomCount() == 0) {
            return "";
        }
        for (IAtom a : scaffold.atoms()) {
            if (!copy.contains(a)) {
                throw new IllegalStateException("CDK's scaffold does not share atoms with the molecule; cannot fix hydrogens");
            }
            int lost = valence(copy, a) - valence(scaffold, a);
            int h = a.getImplicitHydrogenCount() == null ? 0 : a.getImplicitHydrogenCount();
            a.setImplicitHydrogenCount(h + lost);
        }
        try {
            return canonical.create(scaffold);
        } catch (CDKException e) {
            throw new InvalidSmilesException("cannot write the scaffold as SMILES: " + e.getMessage());
        }
    }

    private static int valence(IAtomContainer container, IAtom a) {
        int sum = 0;
        for (IBond b : container.getConnectedBondsList(a)) {
            sum += b.getOrder() == null || b.getOrder() == IBond.Order.UNSET ? 1 : b.getOrder().numeric();
        }
        return sum;
    }

    private static int hybridisation(IAtomType.Hybridization h) {
        if (h == null) {
            return 6;
        }
        return switch (h) {
            case S -> 0;
            case SP1 -> 1;
            case SP2, PLANAR3 -> 2;
            case SP3 -> 3;
            case SP3D1 -> 4;
            case SP3D2 -> 5;
            default -> 6;
        };
    }

    private static int order(IBond b) {
        if (b.isAromatic()) {
            return 3;
        }
        IBond.Order o = b.getOrder();
        if (o == null) {
            return 4;
        }
        return switch (o) {
            case SINGLE -> 0;
            case DOUBLE -> 1;
            case TRIPLE -> 2;
            default -> 4;
        };
    }

    private static boolean multipleOrAromatic(IBond b) {
        return b.isAromatic() || (b.getOrder() != null && b.getOrder() != IBond.Order.SINGLE && b.getOrder() != IBond.Order.UNSET);
    }

    private static boolean unsaturated(IAtom a) {
        IAtomType.Hybridization h = a.getHybridization();
        return a.isAromatic() || h == IAtomType.Hybridization.SP1 || h == IAtomType.Hybridization.SP2
                || h == IAtomType.Hybridization.PLANAR3;
    }

    private static boolean conjugated(IAtomContainer mol, IBond b) {
        if (b.isAromatic()) {
            return true;
        }
        if (!unsaturated(b.getBegin()) || !unsaturated(b.getEnd())) {
            return false;
        }
        if (multipleOrAromatic(b)) {
            for (IAtom end : new IAtom[] {b.getBegin(), b.getEnd()}) {
                for (IBond other : mol.getConnectedBondsList(end)) {
                    if (other != b && multipleOrAromatic(other)) {
                        return true;
                    }
                    if (other != b && unsaturated(other.getOther(end)) && other.getOrder() == IBond.Order.SINGLE) {
                        IAtom next = other.getOther(end);
                        for (IBond beyond : mol.getConnectedBondsList(next)) {
                            if (beyond != other && multipleOrAromatic(beyond)) {
                                return true;
                            }
                        }
                    }
                }
            }
            return false;
        }
        // A single bond between two unsaturated atoms is conjugated when both carry multiple bonds.
        return hasMultiple(mol, b.getBegin(), b) && hasMultiple(mol, b.getEnd(), b);
    }

    private static boolean hasMultiple(IAtomContainer mol, IAtom a, IBond except) {
        for (IBond other : mol.getConnectedBondsList(a)) {
            if (other != except && multipleOrAromatic(other)) {
                return true;
            }
        }
        return false;
    }

    /** Parses every SMILES of a list, for tests and quick use; failures throw. */
    public List<MolecularGraph> featurizeAll(List<String> smiles) throws InvalidSmilesException {
        List<MolecularGraph> out = new ArrayList<>();
        for (String s : smiles) {
            out.add(featurize(s));
        }
        return out;
    }
}
