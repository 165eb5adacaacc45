package org.tapweight.molecule.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.tapweight.api.model.Noise;
import org.tapweight.nn.Broadcast;
import org.tapweight.nn.Gemm;
import org.tapweight.nn.HostArrays;
import org.tapweight.nn.ParameterBlocks;
import org.tapweight.molecule.chem.AtomFeatures;
import org.tapweight.molecule.chem.BondFeatures;

/**
 * A GIN-style graph encoder with bond features (as in Hu et al., "Strategies for Pre-training Graph
 * Neural Networks"): atoms start as the sum of one embedding per categorical feature (plus a mask
 * row per feature); each layer computes
 * <pre>
 * m_v  = h_v + sum_{u -> v} (h_u + e_uv)        e_uv: sum of this layer's bond-feature embeddings
 * h'_v = W2 silu(W1 m_v + b1) + b2              (then silu and dropout on all but the last layer)
 * </pre>
 * and a sum or mean readout gives one vector per molecule. SiLU is smooth, so finite-difference
 * curvature is meaningful. The backward pass is written by hand and checked against finite
 * differences in double precision.
 *
 * <p>Why not SameDiff: in ND4J 1.0.0-M2.1 the backward passes of {@code gather} and of
 * {@code unsortedSegmentSum} are wrong or crash (docs/platform-notes.md, trap 2), which is exactly the
 * message-passing step; here it is a loop over edges, and the dense layers use ND4J's BLAS.
 */
public final class GinEncoder implements GraphEncoder {

    private final int hidden;
    private final int layers;
    private final double dropout;
    private final GraphReadout readout;
    private final int[] atomTableOffset = new int[AtomFeatures.COUNT];
    private final int[][] bondTableOffset;
    private final int[] w1Offset;
    private final int[] b1Offset;
    private final int[] w2Offset;
    private final int[] b2Offset;
    private final int size;

    public GinEncoder(int hidden, int layers, double dropout, GraphReadout readout) {
        if (hidden < 1 || layers < 1 || !(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("hidden and layers must be >= 1 and dropout in [0, 1)");
        }
        this.hidden = hidden;
        this.layers = layers;
        this.dropout = dropout;
        this.readout = readout;
        // The parameter vector by name (atom tables, then each layer's bond tables and MLP); the
        // offset arrays below are read in the hot loops.
        ParameterBlocks blocks = new ParameterBlocks();
        for (int f = 0; f < AtomFeatures.COUNT; f++) {
            blocks.add("atom." + f, AtomFeatures.size(f) + 1, hidden);
        }
        for (int l = 0; l < layers; l++) {
            for (int g = 0; g < BondFeatures.COUNT; g++) {
                blocks.add("layer" + l + ".bond." + g, BondFeatures.size(g), hidden);
            }
            blocks.add("layer" + l + ".w1", hidden, 2 * hidden);
            blocks.add("layer" + l + ".b1", 1, 2 * hidden);
            blocks.add("layer" + l + ".w2", 2 * hidden, hidden);
            blocks.add("layer" + l + ".b2", 1, hidden);
        }
        for (int f = 0; f < AtomFeatures.COUNT; f++) {
            atomTableOffset[f] = blocks.offset("atom." + f);
        }
        bondTableOffset = new int[layers][BondFeatures.COUNT];
        w1Offset = new int[layers];
        b1Offset = new int[layers];
        w2Offset = new int[layers];
        b2Offset = new int[layers];
        for (int l = 0; l < layers; l++) {
            for (int g = 0; g < BondFeatures.COUNT; g++) {
                bondTableOffset[l][g] = blocks.offset("layer" + l + ".bond." + g);
            }
            w1Offset[l] = blocks.offset("layer" + l + ".w1");
            b1Offset[l] = blocks.offset("layer" + l + ".b1");
            w2Offset[l] = blocks.offset("layer" + l + ".w2");
            b2Offset[l] = blocks.offset("layer" + l + ".b2");
        }
        this.size = blocks.size();
    }

    @Override
    public int parameterCount() {
        return size;
    }

    @Override
    public int representationSize() {
        return hidden;
    }

    public int layers() {
        return layers;
    }

    /** The atom embedding tables, then each layer (its bond tables and MLP). */
    @Override
    public int[] layerStarts() {
        int[] starts = new int[layers + 1];
        for (int l = 0; l < layers; l++) {
            starts[l + 1] = bondTableOffset[l][0];
        }
        return starts;
    }

    @Override
    public void initialize(INDArray params, long seed) {
        Random rnd = new Random(seed);
        double embeddingScale = Math.sqrt(1.0 / AtomFeatures.COUNT);
        for (int i = 0; i < w1Offset[0]; i++) {
            params.putScalar(i, rnd.nextGaussian() * embeddingScale * 0.5);
        }
        for (int l = 0; l < layers; l++) {
            double limit1 = Math.sqrt(6.0 / (hidden + 2 * hidden));
            fillUniform(params, rnd, w1Offset[l], hidden * 2 * hidden, limit1);
            fill(params, b1Offset[l], 2 * hidden, 0.0);
            fillUniform(params, rnd, w2Offset[l], 2 * hidden * hidden, limit1);
            fill(params, b2Offset[l], hidden, 0.0);
            if (l + 1 < layers) {
                for (int i = b2Offset[l] + hidden; i < w1Offset[l + 1]; i++) {
                    params.putScalar(i, rnd.nextGaussian() * 0.1);
                }
            }
        }
        // The first layer's bond tables sit between the atom tables and w1[0]: already filled above.
    }

    private static void fillUniform(INDArray p, Random rnd, int off, int n, double limit) {
        for (int i = 0; i < n; i++) {
            p.putScalar(off + i, (2 * rnd.nextDouble() - 1) * limit);
        }
    }

    private static void fill(INDArray p, int off, int n, double v) {
        for (int i = 0; i < n; i++) {
            p.putScalar(off + i, v);
        }
    }

    private static INDArray slice(INDArray params, int off, int rows, int cols) {
        return org.tapweight.nn.Vectors.matrix(params, off, rows, cols);
    }

    private static INDArray row(INDArray params, int off, int cols) {
        return org.tapweight.nn.Vectors.matrix(params, off, 1, cols);
    }

    @Override
    public GraphPass forward(INDArray params, GraphBatch batch, Noise noise) {
        DataType type = params.dataType();
        double[] p = HostArrays.read(params);
        int n = batch.atoms();
        double[] h = new double[n * hidden];
        for (int v = 0; v < n; v++) {
            for (int f = 0; f < AtomFeatures.COUNT; f++) {
                int base = atomTableOffset[f] + batch.atomFeatures()[v * AtomFeatures.COUNT + f] * hidden;
                for (int k = 0; k < hidden; k++) {
                    h[v * hidden + k] += p[base + k];
                }
            }
        }
        Random rnd = new Random(noise.seed());
        List<LayerCache> caches = new ArrayList<>();
        INDArray hNd = HostArrays.create(h, type, n, hidden);
        for (int l = 0; l < layers; l++) {
            INDArray mNd = HostArrays.create(aggregate(h, batch, p, l), type, n, hidden);
            INDArray z1 = Broadcast.addiRowVector(mNd.mmul(slice(params, w1Offset[l], hidden, 2 * hidden)), row(params, b1Offset[l], 2 * hidden));
            INDArray s1 = Transforms.sigmoid(z1, true);
            INDArray a1 = z1.mul(s1);
            INDArray z2 = Broadcast.addiRowVector(a1.mmul(slice(params, w2Offset[l], 2 * hidden, hidden)), row(params, b2Offset[l], hidden));
            boolean last = l == layers - 1;
            INDArray s2 = last ? null : Transforms.sigmoid(z2, true);
            INDArray out = last ? z2 : z2.mul(s2);
            INDArray keep = null;
            if (!last && dropout > 0 && noise.stochastic()) {
                double[] mask = new double[n * hidden];
                double scale = 1.0 / (1.0 - dropout);
                for (int i = 0; i < mask.length; i++) {
                    mask[i] = rnd.nextDouble() < dropout ? 0.0 : scale;
                }
                keep = HostArrays.create(mask, type, n, hidden);
                out.muli(keep);
            }
            caches.add(new LayerCache(mNd, z1, s1, a1, z2, s2, keep));
            hNd = out;
            if (!last) {
                h = HostArrays.read(out);
            }
        }
        return new GinPass(this, params, batch, caches, hNd);
    }

    /** {@code m_v = h_v + sum_{u -> v} (h_u + e_uv)}, with this layer's bond embeddings. */
    private double[] aggregate(double[] h, GraphBatch batch, double[] p, int layer) {
        double[] m = h.clone();
        int[] src = batch.edgeSource();
        int[] dst = batch.edgeTarget();
        int[] ef = batch.edgeFeatures();
        for (int e = 0; e < src.length; e++) {
            int to = dst[e] * hidden;
            int from = src[e] * hidden;
            for (int k = 0; k < hidden; k++) {
                m[to + k] += h[from + k];
            }
            for (int g = 0; g < BondFeatures.COUNT; g++) {
                int base = bondTableOffset[layer][g] + ef[e * BondFeatures.COUNT + g] * hidden;
                for (int k = 0; k < hidden; k++) {
                    m[to + k] += p[base + k];
                }
            }
        }
        return m;
    }

    record LayerCache(INDArray m, INDArray z1, INDArray s1, INDArray a1, INDArray z2, INDArray s2, INDArray keep) {
    }

    /**
     * Backward through all layers from the gradient with respect to the last layer's node vectors.
     * Weight gradients are accumulated by BLAS straight into {@code grad} (gemm with beta 1, transposes
     * as flags, no temporaries); embedding-table gradients are summed on the host and added once.
     */
    void backward(INDArray params, GraphBatch batch, List<LayerCache> caches, INDArray dNodes, INDArray grad) {
        int n = batch.atoms();
        DataType type = params.dataType();
        INDArray d = dNodes;
        for (int l = layers - 1; l >= 0; l--) {
            LayerCache c = caches.get(l);
            INDArray dz2 = d;
            if (c.keep() != null) {
                dz2 = dz2.mul(c.keep());
            }
            if (c.s2() != null) {
                dz2 = dz2.mul(siluDerivative(c.z2(), c.s2()));
            }
            Gemm.accumulate(c.a1(), true, dz2, false, 1.0, slice(grad, w2Offset[l], 2 * hidden, hidden));
            Gemm.accumulateRowSum(dz2, 1.0, row(grad, b2Offset[l], hidden));
            INDArray dz1 = Gemm.product(dz2, slice(params, w2Offset[l], 2 * hidden, hidden), true)
                    .muli(siluDerivative(c.z1(), c.s1()));
            Gemm.accumulate(c.m(), true, dz1, false, 1.0, slice(grad, w1Offset[l], hidden, 2 * hidden));
            Gemm.accumulateRowSum(dz1, 1.0, row(grad, b1Offset[l], 2 * hidden));
            double[] dmv = HostArrays.read(Gemm.product(dz1, slice(params, w1Offset[l], hidden, 2 * hidden), true));
            double[] dh = dmv.clone(); // the self term
            int bondStart = bondTableOffset[l][0];
            double[] bondGrad = new double[w1Offset[l] - bondStart];
            int[] src = batch.edgeSource();
            int[] dst = batch.edgeTarget();
            int[] ef = batch.edgeFeatures();
            for (int e = 0; e < src.length; e++) {
                int to = dst[e] * hidden;
                int from = src[e] * hidden;
                for (int k = 0; k < hidden; k++) {
                    dh[from + k] += dmv[to + k];
                }
                for (int g = 0; g < BondFeatures.COUNT; g++) {
                    int base = bondTableOffset[l][g] - bondStart + ef[e * BondFeatures.COUNT + g] * hidden;
                    for (int k = 0; k < hidden; k++) {
                        bondGrad[base + k] += dmv[to + k];
                    }
                }
            }
            HostArrays.add(grad, bondStart, bondGrad);
            if (l == 0) {
                double[] atomGrad = new double[bondStart];
                for (int v = 0; v < n; v++) {
                    for (int f = 0; f < AtomFeatures.COUNT; f++) {
                        int base = atomTableOffset[f] + batch.atomFeatures()[v * AtomFeatures.COUNT + f] * hidden;
                        for (int k = 0; k < hidden; k++) {
                            atomGrad[base + k] += dh[v * hidden + k];
                        }
                    }
                }
                HostArrays.add(grad, 0, atomGrad);
            } else {
                d = HostArrays.create(dh, type, n, hidden);
            }
        }
    }

    private static INDArray siluDerivative(INDArray z, INDArray s) {
        // d/dz [z sigmoid(z)] = s (1 + z (1 - s))
        return z.mul(s.rsub(1.0)).addi(1.0).muli(s);
    }

    GraphReadout readout() {
        return readout;
    }
}
