package org.tapweight.molecule.chem;

import java.util.List;

/**
 * The categorical atom features and their vocabularies. Each feature is a code in
 * {@code [0, size(f))}; the last code of a vocabulary with an "other" bucket holds every value
 * outside the list.
 */
public final class AtomFeatures {

    public static final int ELEMENT = 0;
    public static final int DEGREE = 1;
    public static final int FORMAL_CHARGE = 2;
    public static final int HYDROGENS = 3;
    public static final int HYBRIDISATION = 4;
    public static final int AROMATIC = 5;
    public static final int IN_RING = 6;
    public static final int CHIRALITY = 7;
    public static final int COUNT = 8;

    /** Elements with their own code; everything else (metals, Si, Se, wildcards) shares the last. */
    public static final List<String> ELEMENTS = List.of("C", "N", "O", "F", "P", "S", "Cl", "Br", "I", "B", "Si", "Se",
            "Na", "K", "Ca", "Fe", "Zn", "Cu", "Sn", "Pt", "H");

    public static final List<String> NAMES = List.of("element", "degree", "formal charge", "hydrogens",
            "hybridisation", "aromatic", "in ring", "chirality");

    private static final int[] SIZES = {
        ELEMENTS.size() + 1, // + other
        7, // degree 0..5, 6+
        6, // charge -2..+2, other
        6, // total H 0..4, 5+
        7, // S, SP1, SP2, SP3, SP3D1, SP3D2, other or unknown
        2,
        2,
        4, // none, clockwise, anticlockwise, other stereo
    };

    private AtomFeatures() {
    }

    public static int size(int feature) {
        return SIZES[feature];
    }

    static int element(String symbol) {
        int i = ELEMENTS.indexOf(symbol);
        return i >= 0 ? i : ELEMENTS.size();
    }

    static int degree(int d) {
        return Math.min(d, 6);
    }

    static int formalCharge(int q) {
        return q >= -2 && q <= 2 ? q + 2 : 5;
    }

    static int hydrogens(int h) {
        return Math.min(h, 5);
    }
}
