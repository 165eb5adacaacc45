package org.tapweight.molecule.model;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.tapweight.nn.HostArrays;

/** Pooling of node vectors into one vector per molecule, and its backward, for any graph encoder. */
public enum GraphReadout {
    /** The sum of a molecule's node vectors. */
    SUM,
    /** The mean of a molecule's node vectors. */
    MEAN;

    /** {@code [molecules, hidden]} from {@code nodes} ({@code [atoms, hidden]}). */
    public INDArray pool(INDArray nodes, GraphBatch batch) {
        int hidden = (int) nodes.columns();
        double[] h = HostArrays.read(nodes);
        double[] g = new double[batch.graphs() * hidden];
        double[] w = atomWeights(batch);
        int[] graphOf = batch.atomGraph();
        for (int v = 0; v < graphOf.length; v++) {
            for (int k = 0; k < hidden; k++) {
                g[graphOf[v] * hidden + k] += w[v] * h[v * hidden + k];
            }
        }
        return HostArrays.create(g, nodes.dataType(), batch.graphs(), hidden);
    }

    /** The gradient with respect to the node vectors of {@code <dGraphs, pool(nodes)>}, {@code [atoms, hidden]}. */
    public INDArray unpool(INDArray dGraphs, GraphBatch batch) {
        int hidden = (int) dGraphs.columns();
        double[] dg = HostArrays.read(dGraphs);
        double[] w = atomWeights(batch);
        int[] graphOf = batch.atomGraph();
        double[] dn = new double[graphOf.length * hidden];
        for (int v = 0; v < graphOf.length; v++) {
            for (int k = 0; k < hidden; k++) {
                dn[v * hidden + k] = w[v] * dg[graphOf[v] * hidden + k];
            }
        }
        return HostArrays.create(dn, dGraphs.dataType(), graphOf.length, hidden);
    }

    private double[] atomWeights(GraphBatch batch) {
        int[] sizes = batch.graphSizes();
        int[] graphOf = batch.atomGraph();
        double[] w = new double[graphOf.length];
        for (int v = 0; v < graphOf.length; v++) {
            w[v] = this == MEAN ? 1.0 / sizes[graphOf[v]] : 1.0;
        }
        return w;
    }
}
