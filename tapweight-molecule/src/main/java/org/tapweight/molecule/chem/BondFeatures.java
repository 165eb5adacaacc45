package org.tapweight.molecule.chem;

import java.util.List;

/** The categorical bond features and their vocabularies. */
public final class BondFeatures {

    public static final int ORDER = 0;
    public static final int AROMATIC = 1;
    public static final int CONJUGATED = 2;
    public static final int IN_RING = 3;
    public static final int STEREO = 4;
    public static final int COUNT = 5;

    public static final List<String> NAMES = List.of("order", "aromatic", "conjugated", "in ring", "stereo");

    private static final int[] SIZES = {
        5, // single, double, triple, aromatic, other
        2,
        2,
        2,
        3, // none, double-bond (E/Z) stereo, other
    };

    private BondFeatures() {
    }

    public static int size(int feature) {
        return SIZES[feature];
    }
}
