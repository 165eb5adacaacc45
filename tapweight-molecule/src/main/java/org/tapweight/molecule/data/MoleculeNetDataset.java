package org.tapweight.molecule.data;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.tapweight.api.plugin.ConfigurationException;

/** The eleven MoleculeNet files shipped in {@code data/moleculenet}, with their quirks. */
public enum MoleculeNetDataset {
    BACE("bace.csv", "mol", LabelKind.CLASSIFICATION),
    BBBP("bbbp.csv", "smiles", LabelKind.CLASSIFICATION),
    CLINTOX("clintox.csv", "smiles", LabelKind.CLASSIFICATION),
    TOX21("tox21.csv", "smiles", LabelKind.CLASSIFICATION),
    SIDER("sider.csv", "smiles", LabelKind.CLASSIFICATION),
    TOXCAST("toxcast.csv.gz", "smiles", LabelKind.CLASSIFICATION),
    HIV("hiv.csv.gz", "smiles", LabelKind.CLASSIFICATION),
    MUV("muv.csv.gz", "smiles", LabelKind.CLASSIFICATION),
    ESOL("delaney.csv", "smiles", LabelKind.REGRESSION),
    FREESOLV("freesolv.csv", "smiles", LabelKind.REGRESSION),
    LIPOPHILICITY("lipo.csv", "smiles", LabelKind.REGRESSION);

    private final String fileName;
    private final String smilesColumn;
    private final LabelKind kind;

    MoleculeNetDataset(String fileName, String smilesColumn, LabelKind kind) {
        this.fileName = fileName;
        this.smilesColumn = smilesColumn;
        this.kind = kind;
    }

    public String fileName() {
        return fileName;
    }

    public String smilesColumn() {
        return smilesColumn;
    }

    public LabelKind kind() {
        return kind;
    }

    /** The id used in configs: the lower-case name, e.g. {@code bbbp}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static MoleculeNetDataset byId(String id) {
        for (MoleculeNetDataset d : values()) {
            if (d.id().equals(id)) {
                return d;
            }
        }
        throw new ConfigurationException("unknown MoleculeNet data set '" + id + "'; known: "
                + Arrays.stream(values()).map(MoleculeNetDataset::id).collect(Collectors.joining(", ")));
    }
}
