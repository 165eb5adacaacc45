package org.tapweight.nlp.data;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.tapweight.api.plugin.ConfigurationException;

/**
 * The bundled GLUE tasks and how their files are laid out (see {@code data/glue/README.md}): which
 * files pool into the training split and which one is the test split (GLUE dev where the files
 * allow), the columns of the texts and label, and the metric.
 */
public enum GlueDataset {
    SST2("sst2", "SST-2", true, 0, -1, 1, Label.BINARY, "accuracy", List.of("train.tsv"), List.of("dev.tsv")),
    COLA("cola", "CoLA", false, 3, -1, 1, Label.BINARY, "mcc", List.of("train.tsv", "val.tsv"), List.of("dev.tsv")),
    MRPC("mrpc", "MRPC", false, 3, 4, 0, Label.BINARY, "f1", List.of("train.txt", "dev.txt"), List.of("test.txt")),
    /** The three files re-split GLUE train + dev; rows with index >= 2490 are GLUE dev and form the test split. */
    RTE("rte", "RTE", true, 1, 2, 3, Label.ENTAILMENT, "accuracy", List.of("train.tsv", "dev.tsv", "test.tsv"), List.of()),
    STSB("stsb", "STS-B", false, 7, 8, 9, Label.SCORE, "pearson", List.of("train.tsv", "dev.tsv"), List.of("test.tsv")),
    WNLI("wnli", "WNLI", true, 1, 2, 3, Label.BINARY, "accuracy", List.of("train.tsv", "dev.tsv"), List.of("test.tsv"));

    /** How a label field is read. */
    public enum Label { BINARY, ENTAILMENT, SCORE }

    /** RTE rows at or above this index came from GLUE's dev set. */
    public static final int RTE_GLUE_DEV_FROM = 2490;

    private final String id;
    private final String folder;
    private final boolean header;
    private final int firstColumn;
    private final int secondColumn;
    private final int labelColumn;
    private final Label label;
    private final String metric;
    private final List<String> trainFiles;
    private final List<String> testFiles;

    GlueDataset(String id, String folder, boolean header, int firstColumn, int secondColumn, int labelColumn, Label label,
                String metric, List<String> trainFiles, List<String> testFiles) {
        this.id = id;
        this.folder = folder;
        this.header = header;
        this.firstColumn = firstColumn;
        this.secondColumn = secondColumn;
        this.labelColumn = labelColumn;
        this.label = label;
        this.metric = metric;
        this.trainFiles = trainFiles;
        this.testFiles = testFiles;
    }

    public String id() {
        return id;
    }

    public String folder() {
        return folder;
    }

    /** Whether the training files have a header line (test files of MRPC and STS-B always do). */
    public boolean header() {
        return header;
    }

    /** Whether the test file has a header line: all but CoLA's {@code dev.tsv}. */
    public boolean testHeader() {
        return this != COLA;
    }

    /** The number of tab-separated fields of every row. */
    public int fields() {
        return switch (this) {
            case SST2 -> 2;
            case MRPC -> 5;
            case STSB -> 10;
            default -> 4;
        };
    }

    public int firstColumn() {
        return firstColumn;
    }

    /** The second text's column, or -1 for single-sentence tasks. */
    public int secondColumn() {
        return secondColumn;
    }

    public int labelColumn() {
        return labelColumn;
    }

    public Label label() {
        return label;
    }

    public boolean regression() {
        return label == Label.SCORE;
    }

    public String primaryMetric() {
        return metric;
    }

    public List<String> trainFiles() {
        return trainFiles;
    }

    public List<String> testFiles() {
        return testFiles;
    }

    public static GlueDataset byId(String id) {
        for (GlueDataset d : values()) {
            if (d.id.equals(id.toLowerCase(Locale.ROOT))) {
                return d;
            }
        }
        throw new ConfigurationException("unknown GLUE task '" + id + "'; known: "
                + Arrays.stream(values()).map(GlueDataset::id).collect(Collectors.joining(", ")));
    }
}
