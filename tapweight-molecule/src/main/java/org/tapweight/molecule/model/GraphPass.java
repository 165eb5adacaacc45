package org.tapweight.molecule.model;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tapweight.core.nn.HostArrays;
import org.tapweight.api.modality.Encoder;

/**
 * One forward pass of the {@link GinEncoder}: node vectors ({@code [atoms, hidden]}) and molecule
 * vectors by the readout ({@code [molecules, hidden]}). {@link #output()} is the molecule vectors;
 * node-level heads use {@link #nodes()} and {@link #backward(INDArray, INDArray, INDArray)}.
 */
public final class GraphPass implements Encoder.Pass {

    private final GinEncoder encoder;
    private final INDArray params;
    private final GraphBatch batch;
    private final List<GinEncoder.LayerCache> caches;
    private final INDArray nodes;
    private final INDArray graphs;
    private final int[] sizes;

    GraphPass(GinEncoder encoder, INDArray params, GraphBatch batch, List<GinEncoder.LayerCache> caches, INDArray nodes) {
        this.encoder = encoder;
        this.params = params;
        this.batch = batch;
        this.caches = caches;
        this.nodes = nodes;
        this.sizes = batch.graphSizes();
        int hidden = (int) nodes.columns();
        double[] h = HostArrays.read(nodes);
        double[] g = new double[batch.graphs() * hidden];
        int[] graphOf = batch.atomGraph();
        for (int v = 0; v < graphOf.length; v++) {
            double w = encoder.readout() == GinEncoder.Readout.MEAN ? 1.0 / sizes[graphOf[v]] : 1.0;
            for (int k = 0; k < hidden; k++) {
                g[graphOf[v] * hidden + k] += w * h[v * hidden + k];
            }
        }
        this.graphs = HostArrays.create(g, nodes.dataType(), batch.graphs(), hidden);
    }

    public GraphBatch batch() {
        return batch;
    }

    public INDArray nodes() {
        return nodes;
    }

    public INDArray graphs() {
        return graphs;
    }

    @Override
    public INDArray output() {
        return graphs;
    }

    @Override
    public void backward(INDArray dOutput, INDArray gradAccumulator) {
        backward(null, dOutput, gradAccumulator);
    }

    /** Backward from gradients with respect to the node vectors and/or the molecule vectors (either may be null). */
    public void backward(INDArray dNodes, INDArray dGraphs, INDArray gradAccumulator) {
        int hidden = (int) nodes.columns();
        INDArray d = dNodes == null ? Nd4j.zeros(nodes.dataType(), nodes.rows(), hidden) : dNodes.dup();
        if (dGraphs != null) {
            double[] dg = HostArrays.read(dGraphs);
            double[] dn = new double[nodes.rows() * hidden];
            int[] graphOf = batch.atomGraph();
            for (int v = 0; v < graphOf.length; v++) {
                double w = encoder.readout() == GinEncoder.Readout.MEAN ? 1.0 / sizes[graphOf[v]] : 1.0;
                for (int k = 0; k < hidden; k++) {
                    dn[v * hidden + k] = w * dg[graphOf[v] * hidden + k];
                }
            }
            d.addi(HostArrays.create(dn, d.dataType(), nodes.rows(), hidden));
        }
        encoder.backward(params, batch, caches, d, gradAccumulator);
    }
}
