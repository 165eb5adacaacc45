package org.tapweight.molecule.data;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.tapweight.api.plugin.ConfigurationException;

/** The eleven MoleculeNet files shipped in {@code data/moleculenet}, with their quirks. */
public enum MoleculeNetDataset {
    BACE("bace.csv", "mol", Kind.CLASSIFICATION),
    BBBP("bbbp.csv", "smiles", Kind.CLASSIFICATION),
    CLINTOX("clintox.csv", "smiles", Kind.CLASSIFICATION),
    TOX21("tox21.csv", "smiles", Kind.CLASSIFICATION),
    SIDER("sider.csv", "smiles", Kind.CLASSIFICATION),
    TOXCAST("toxcast.csv.gz", "smiles", Kind.CLASSIFICATION),
    HIV("hiv.csv.gz", "smiles", Kind.CLASSIFICATION),
    MUV("muv.csv.gz", "smiles", Kind.CLASSIFICATION),
    ESOL("delaney.csv", "smiles", Kind.REGRESSION),
    FREESOLV("freesolv.csv", "smiles", Kind.REGRESSION),
    LIPOPHILICITY("lipo.csv", "smiles", Kind.REGRESSION);

    /** Classification tasks report ROC-AUC; regression tasks RMSE. */
    public enum Kind { CLASSIFICATION, REGRESSION }

    private final String fileName;
    private final String smilesColumn;
    private final Kind kind;

    MoleculeNetDataset(String fileName, String smilesColumn, Kind kind) {
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

    public Kind kind() {
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
