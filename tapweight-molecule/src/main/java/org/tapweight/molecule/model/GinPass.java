package org.tapweight.molecule.model;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** One forward pass of the {@link GinEncoder}, with the layer caches its backward pass needs. */
final class GinPass implements GraphPass {

    private final GinEncoder encoder;
    private final INDArray params;
    private final GraphBatch batch;
    private final List<GinEncoder.LayerCache> caches;
    private final INDArray nodes;
    private final INDArray graphs;

    GinPass(GinEncoder encoder, INDArray params, GraphBatch batch, List<GinEncoder.LayerCache> caches, INDArray nodes) {
        this.encoder = encoder;
        this.params = params;
        this.batch = batch;
        this.caches = caches;
        this.nodes = nodes;
        this.graphs = encoder.readout().pool(nodes, batch);
    }

    @Override
    public GraphBatch batch() {
        return batch;
    }

    @Override
    public INDArray nodes() {
        return nodes;
    }

    @Override
    public INDArray graphs() {
        return graphs;
    }

    @Override
    public void backward(INDArray dNodes, INDArray dGraphs, INDArray gradAccumulator) {
        INDArray d = dNodes == null ? Nd4j.zeros(nodes.dataType(), nodes.rows(), nodes.columns()) : dNodes.dup();
        if (dGraphs != null) {
            d.addi(encoder.readout().unpool(dGraphs, batch));
        }
        encoder.backward(params, batch, caches, d, gradAccumulator);
    }
}
