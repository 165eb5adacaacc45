package org.tapweight.examples.gcn;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.tapweight.api.model.Noise;
import org.tapweight.molecule.chem.AtomFeatures;
import org.tapweight.molecule.model.GraphBatch;
import org.tapweight.molecule.model.GraphEncoder;
import org.tapweight.molecule.model.GraphPass;
import org.tapweight.molecule.model.GraphReadout;
import org.tapweight.nn.Broadcast;
import org.tapweight.nn.Gemm;
import org.tapweight.nn.HostArrays;
import org.tapweight.nn.ParameterBlocks;

/**
 * A graph convolutional encoder (Kipf and Welling 2017) as a third-party plug-in: atoms start as
 * the sum of one embedding per categorical atom feature (with a mask row per feature, which
 * attribute masking uses), then each layer computes
 * <pre>
 * H' = tanh(A_hat H W + b)        A_hat = D^-1/2 (A + I) D^-1/2, D the degrees with the self loop
 * </pre>
 * (no tanh on the last layer), and a sum or mean readout gives one vector per molecule. Unlike the
 * shipped GIN it ignores bond types. It implements the graph modality's contract
 * ({@link GraphEncoder}), so every shipped molecular objective and task works on it.
 */
public final class GcnEncoder implements GraphEncoder {

    private final int hidden;
    private final int layers;
    private final GraphReadout readout;
    private final ParameterBlocks blocks = new ParameterBlocks();

    public GcnEncoder(int hidden, int layers, GraphReadout readout) {
        if (hidden < 1 || layers < 1) {
            throw new IllegalArgumentException("hidden and layers must be >= 1");
        }
        this.hidden = hidden;
        this.layers = layers;
        this.readout = readout;
        for (int f = 0; f < AtomFeatures.COUNT; f++) {
            blocks.add("atom." + f, GraphBatch.maskCode(f) + 1, hidden);
        }
        for (int l = 0; l < layers; l++) {
            blocks.add(weight(l), hidden, hidden);
            blocks.add(bias(l), 1, hidden);
        }
    }

    private static String weight(int layer) {
        return "layer" + layer + ".weight";
    }

    private static String bias(int layer) {
        return "layer" + layer + ".bias";
    }

    @Override
    public int parameterCount() {
        return blocks.size();
    }

    @Override
    public int representationSize() {
        return hidden;
    }

    /** The atom embeddings, then each layer, for {@code finetune.frozenLayers}. */
    @Override
    public int[] layerStarts() {
        int[] starts = new int[layers + 1];
        for (int l = 0; l < layers; l++) {
            starts[l + 1] = blocks.offset(weight(l));
        }
        return starts;
    }

    @Override
    public void initialize(INDArray params, long seed) {
        Random rnd = new Random(seed);
        double embedding = 0.5 / Math.sqrt(AtomFeatures.COUNT);
        double glorot = Math.sqrt(6.0 / (2 * hidden));
        for (ParameterBlocks.Block b : blocks.blocks()) {
            for (int i = 0; i < b.length(); i++) {
                double v = b.name().startsWith("atom.") ? rnd.nextGaussian() * embedding
                        : b.name().endsWith(".weight") ? (2 * rnd.nextDouble() - 1) * glorot : 0.0;
                params.putScalar(b.offset() + i, v);
            }
        }
    }

    @Override
    public GraphPass forward(INDArray params, GraphBatch batch, Noise noise) {
        Propagation a = new Propagation(batch);
        INDArray h = HostArrays.create(embed(params, batch), params.dataType(), batch.atoms(), hidden);
        List<INDArray> propagated = new ArrayList<>();
        List<INDArray> outputs = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            INDArray p = a.apply(h);
            INDArray z = Broadcast.addiRowVector(p.mmul(blocks.view(params, weight(l))), blocks.view(params, bias(l)));
            h = l == layers - 1 ? z : Transforms.tanh(z, true);
            propagated.add(p);
            outputs.add(h);
        }
        return new Pass(params, batch, a, propagated, outputs);
    }

    private double[] embed(INDArray params, GraphBatch batch) {
        double[] p = HostArrays.read(params);
        double[] h = new double[batch.atoms() * hidden];
        for (int v = 0; v < batch.atoms(); v++) {
            for (int f = 0; f < AtomFeatures.COUNT; f++) {
                int base = blocks.offset("atom." + f) + batch.atomFeatures()[v * AtomFeatures.COUNT + f] * hidden;
                for (int k = 0; k < hidden; k++) {
                    h[v * hidden + k] += p[base + k];
                }
            }
        }
        return h;
    }

    /** {@code A_hat} of one batch: the self term and one coefficient per directed edge. */
    private static final class Propagation {
        private final GraphBatch batch;
        private final double[] self;
        private final double[] edge;

        Propagation(GraphBatch batch) {
            this.batch = batch;
            double[] degree = new double[batch.atoms()];
            java.util.Arrays.fill(degree, 1.0);
            for (int target : batch.edgeTarget()) {
                degree[target]++;
            }
            self = new double[batch.atoms()];
            for (int v = 0; v < self.length; v++) {
                self[v] = 1.0 / degree[v];
            }
            edge = new double[batch.edges()];
            for (int e = 0; e < edge.length; e++) {
                edge[e] = 1.0 / Math.sqrt(degree[batch.edgeSource()[e]] * degree[batch.edgeTarget()[e]]);
            }
        }

        /** {@code A_hat x}, or {@code A_hat^T x} when {@code transpose} (edges run backwards). */
        INDArray apply(INDArray x, boolean transpose) {
            int cols = (int) x.columns();
            double[] in = HostArrays.read(x);
            double[] out = new double[in.length];
            for (int v = 0; v < self.length; v++) {
                for (int k = 0; k < cols; k++) {
                    out[v * cols + k] = self[v] * in[v * cols + k];
                }
            }
            int[] src = batch.edgeSource();
            int[] dst = batch.edgeTarget();
            for (int e = 0; e < edge.length; e++) {
                int from = (transpose ? dst[e] : src[e]) * cols;
                int to = (transpose ? src[e] : dst[e]) * cols;
                for (int k = 0; k < cols; k++) {
                    out[to + k] += edge[e] * in[from + k];
                }
            }
            return HostArrays.create(out, x.dataType(), x.rows(), cols);
        }

        INDArray apply(INDArray x) {
            return apply(x, false);
        }
    }

    /** One forward pass with what its backward pass needs: each layer's propagated input and output. */
    private final class Pass implements GraphPass {
        private final INDArray params;
        private final GraphBatch batch;
        private final Propagation a;
        private final List<INDArray> propagated;
        private final List<INDArray> outputs;
        private final INDArray graphs;

        Pass(INDArray params, GraphBatch batch, Propagation a, List<INDArray> propagated, List<INDArray> outputs) {
            this.params = params;
            this.batch = batch;
            this.a = a;
            this.propagated = propagated;
            this.outputs = outputs;
            this.graphs = readout.pool(nodes(), batch);
        }

        @Override
        public GraphBatch batch() {
            return batch;
        }

        @Override
        public INDArray nodes() {
            return outputs.get(layers - 1);
        }

        @Override
        public INDArray graphs() {
            return graphs;
        }

        @Override
        public void backward(INDArray dNodes, INDArray dGraphs, INDArray grad) {
            INDArray d = dNodes == null ? Nd4j.zeros(params.dataType(), batch.atoms(), hidden) : dNodes.dup();
            if (dGraphs != null) {
                d.addi(readout.unpool(dGraphs, batch));
            }
            for (int l = layers - 1; l >= 0; l--) {
                INDArray dz = d;
                if (l < layers - 1) {
                    INDArray out = outputs.get(l);
                    dz = d.mul(out.mul(out).rsubi(1.0)); // tanh' = 1 - tanh^2
                }
                Gemm.accumulate(propagated.get(l), true, dz, false, 1.0, blocks.view(grad, weight(l)));
                Gemm.accumulateRowSum(dz, 1.0, blocks.view(grad, bias(l)));
                d = a.apply(Gemm.product(dz, blocks.view(params, weight(l)), true), true);
            }
            double[] dh = HostArrays.read(d);
            double[] tables = new double[blocks.offset(weight(0))];
            for (int v = 0; v < batch.atoms(); v++) {
                for (int f = 0; f < AtomFeatures.COUNT; f++) {
                    int base = blocks.offset("atom." + f) + batch.atomFeatures()[v * AtomFeatures.COUNT + f] * hidden;
                    for (int k = 0; k < hidden; k++) {
                        tables[base + k] += dh[v * hidden + k];
                    }
                }
            }
            HostArrays.add(grad, 0, tables);
        }
    }
}
