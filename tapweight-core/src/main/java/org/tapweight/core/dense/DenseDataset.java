package org.tapweight.core.dense;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tapweight.api.modality.Dataset;

/**
 * Rows of numeric features, with optional side columns (targets for auxiliary objectives) and
 * labels (for tasks). Arrays are {@code [rows, columns]} in double precision.
 */
public final class DenseDataset implements Dataset<DenseBatch> {

    private final String name;
    private final INDArray features;
    private final INDArray auxiliary;
    private final INDArray labels;

    /**
     * @param auxiliary {@code [rows, auxiliary columns]} or null
     * @param labels    {@code [rows, 1]} or null
     */
    public DenseDataset(String name, INDArray features, INDArray auxiliary, INDArray labels) {
        this.name = name;
        this.features = features;
        this.auxiliary = auxiliary;
        this.labels = labels;
        if (auxiliary != null && auxiliary.rows() != features.rows()) {
            throw new IllegalArgumentException(name + ": " + auxiliary.rows() + " auxiliary rows for " + features.rows() + " feature rows");
        }
        if (labels != null && labels.rows() != features.rows()) {
            throw new IllegalArgumentException(name + ": " + labels.rows() + " labels for " + features.rows() + " feature rows");
        }
    }

    @Override
    public int size() {
        return features.rows();
    }

    @Override
    public DenseBatch batch(int[] indices) {
        return new DenseBatch(indices, rows(features, indices), labels == null ? null : rows(labels, indices));
    }

    @Override
    public String name() {
        return name;
    }

    public int featureCount() {
        return features.columns();
    }

    public int auxiliaryCount() {
        return auxiliary == null ? 0 : auxiliary.columns();
    }

    /** Column {@code c} of the side columns, {@code [rows]}. */
    public double[] auxiliaryColumn(int c) {
        if (auxiliary == null || c < 0 || c >= auxiliary.columns()) {
            throw new IllegalArgumentException(name + " has " + auxiliaryCount() + " auxiliary columns; column " + c + " does not exist");
        }
        return auxiliary.getColumn(c).toDoubleVector();
    }

    static INDArray rows(INDArray matrix, int[] indices) {
        INDArray out = Nd4j.create(matrix.dataType(), indices.length, matrix.columns());
        for (int i = 0; i < indices.length; i++) {
            out.putRow(i, matrix.getRow(indices[i]));
        }
        return out;
    }
}
