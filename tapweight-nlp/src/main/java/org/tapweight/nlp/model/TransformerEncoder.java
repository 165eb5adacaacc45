package org.tapweight.nlp.model;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.tapweight.api.modality.Encoder;
import org.tapweight.api.model.Noise;
import org.tapweight.nn.Seeds;
import org.tapweight.nn.Broadcast;
import org.tapweight.nn.Gemm;
import org.tapweight.nn.HostArrays;
import org.tapweight.nn.ParameterBlocks;
import org.tapweight.nn.Vectors;

/**
 * A pre-LayerNorm transformer encoder (as in GPT-2 / "On Layer Normalization in the Transformer
 * Architecture"): token + learned position + segment embeddings, then per layer
 * <pre>
 * x = x + drop(MHA(LN1(x)) Wo + bo)        multi-head self-attention, padded keys masked out
 * x = x + drop(W2 gelu(W1 LN2(x) + b1) + b2)
 * </pre>
 * and a final LayerNorm. The sentence vector ({@link #representationSize()} wide) is the final
 * {@code [CLS]} vector or the mean over real tokens; token-level heads read
 * {@link TextPass#tokens()}. Dropout (embeddings, attention output, feed-forward output) draws its
 * masks from the evaluation's {@link Noise}, so two passes with equal noise drop the same units: a
 * finite-difference probe of any loss on this encoder compares like with like.
 *
 * <p>Forward and backward are written by hand on ND4J (batched BLAS matmuls for attention), and
 * checked against finite differences in double precision: SameDiff in this ND4J version has silent
 * gradient bugs (docs/platform-notes.md, traps 1 to 4) and its graph was 2-3x slower than PyTorch for this shape.
 */
public final class TransformerEncoder implements TokenEncoder {

    /** How token vectors become one vector per sequence. */
    public enum Pooling { CLS, MEAN }

    /**
     * The block layout. {@link #PRE_LN}: the encoder above. {@link #BERT}: the original BERT's
     * (and MiniLM's) post-LayerNorm blocks with an embedding LayerNorm, exact (erf) GELU and
     * LayerNorm epsilon 1e-12, no final LayerNorm:
     * <pre>
     * x = LN_emb(token + position + segment)
     * x = LN1(x + drop(MHA(x) Wo + bo))
     * x = LN2(x + drop(W2 gelu(W1 x + b1) + b2))
     * </pre>
     */
    public record Architecture(boolean postLayerNorm, boolean embeddingLayerNorm, boolean exactGelu, double layerNormEpsilon) {
        public static final Architecture PRE_LN = new Architecture(false, false, false, LayerNorm.EPSILON);
        public static final Architecture BERT = new Architecture(true, true, true, 1e-12);
    }

    private static final double MASKED = -1e9;
    private static final int SEGMENTS = 2;

    private final int vocabulary;
    private final int hidden;
    private final int layers;
    private final int heads;
    private final int feedForward;
    private final int maxLength;
    private final double dropout;
    private final Pooling pooling;
    private final int tokOff;
    private final int posOff;
    private final int segOff;
    private final int[][] layerOff; // per layer: ln1g, ln1b, wqkv, bqkv, wo, bo, ln2g, ln2b, w1, b1, w2, b2
    private final int lnGainOff; // the final LayerNorm (pre-LN), or -1
    private final int lnBiasOff;
    private final int embGainOff; // the embedding LayerNorm (BERT), or -1
    private final int embBiasOff;
    private final Architecture architecture;
    private final ParameterBlocks blocks;
    private final int size;

    private static final int LN1G = 0, LN1B = 1, WQKV = 2, BQKV = 3, WO = 4, BO = 5, LN2G = 6, LN2B = 7,
            W1 = 8, B1 = 9, W2 = 10, B2 = 11;

    public TransformerEncoder(int vocabulary, int hidden, int layers, int heads, int feedForward, int maxLength,
                              double dropout, Pooling pooling) {
        this(vocabulary, hidden, layers, heads, feedForward, maxLength, dropout, pooling, Architecture.PRE_LN);
    }

    public TransformerEncoder(int vocabulary, int hidden, int layers, int heads, int feedForward, int maxLength,
                              double dropout, Pooling pooling, Architecture architecture) {
        if (vocabulary < 6 || hidden < 1 || layers < 1 || heads < 1 || hidden % heads != 0 || feedForward < 1
                || maxLength < 4 || !(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("transformer needs vocabulary > 5, layers >= 1, heads dividing hidden, "
                    + "feedForward >= 1, maxLength >= 4 and dropout in [0, 1)");
        }
        this.vocabulary = vocabulary;
        this.hidden = hidden;
        this.layers = layers;
        this.heads = heads;
        this.feedForward = feedForward;
        this.maxLength = maxLength;
        this.dropout = dropout;
        this.pooling = pooling;
        this.architecture = architecture;
        // The parameter vector by name; the offsets below are what the passes index with.
        ParameterBlocks blocks = new ParameterBlocks().add("token", vocabulary, hidden).add("position", maxLength, hidden)
                .add("segment", SEGMENTS, hidden);
        if (architecture.embeddingLayerNorm()) {
            blocks.add("embedding.gain", 1, hidden).add("embedding.bias", 1, hidden);
        }
        String[] names = {"ln1.gain", "ln1.bias", "qkv.weight", "qkv.bias", "out.weight", "out.bias", "ln2.gain", "ln2.bias",
                "ff1.weight", "ff1.bias", "ff2.weight", "ff2.bias"};
        int[][] shapes = {{1, hidden}, {1, hidden}, {hidden, 3 * hidden}, {1, 3 * hidden}, {hidden, hidden}, {1, hidden},
                {1, hidden}, {1, hidden}, {hidden, feedForward}, {1, feedForward}, {feedForward, hidden}, {1, hidden}};
        for (int l = 0; l < layers; l++) {
            for (int k = 0; k < names.length; k++) {
                blocks.add("layer" + l + "." + names[k], shapes[k][0], shapes[k][1]);
            }
        }
        if (!architecture.postLayerNorm()) {
            blocks.add("final.gain", 1, hidden).add("final.bias", 1, hidden);
        }
        tokOff = blocks.offset("token");
        posOff = blocks.offset("position");
        segOff = blocks.offset("segment");
        layerOff = new int[layers][names.length];
        for (int l = 0; l < layers; l++) {
            for (int k = 0; k < names.length; k++) {
                layerOff[l][k] = blocks.offset("layer" + l + "." + names[k]);
            }
        }
        lnGainOff = architecture.postLayerNorm() ? -1 : blocks.offset("final.gain");
        lnBiasOff = architecture.postLayerNorm() ? -1 : blocks.offset("final.bias");
        embGainOff = architecture.embeddingLayerNorm() ? blocks.offset("embedding.gain") : -1;
        embBiasOff = architecture.embeddingLayerNorm() ? blocks.offset("embedding.bias") : -1;
        this.blocks = blocks;
        size = blocks.size();
    }

    /** The token, position and segment embeddings, then each block (the final LayerNorm belongs to the last). */
    @Override
    public int[] layerStarts() {
        int[] starts = new int[layers + 1];
        for (int l = 0; l < layers; l++) {
            starts[l + 1] = layerOff[l][0];
        }
        return starts;
    }

    @Override
    public int parameterCount() {
        return size;
    }

    @Override
    public int representationSize() {
        return hidden;
    }

    public int vocabularySize() {
        return vocabulary;
    }

    @Override
    public int maxLength() {
        return maxLength;
    }

    /** BERT's initialisation: weights and embeddings N(0, 0.02), biases 0, LayerNorm gains 1. */
    @Override
    public void initialize(INDArray params, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] p = new double[size];
        for (int i = 0; i < size; i++) {
            p[i] = 0.02 * gaussian(rnd);
        }
        for (int l = 0; l < layers; l++) {
            fill(p, layerOff[l][LN1G], hidden, 1.0);
            fill(p, layerOff[l][LN1B], hidden, 0.0);
            fill(p, layerOff[l][BQKV], 3 * hidden, 0.0);
            fill(p, layerOff[l][BO], hidden, 0.0);
            fill(p, layerOff[l][LN2G], hidden, 1.0);
            fill(p, layerOff[l][LN2B], hidden, 0.0);
            fill(p, layerOff[l][B1], feedForward, 0.0);
            fill(p, layerOff[l][B2], hidden, 0.0);
        }
        if (lnGainOff >= 0) {
            fill(p, lnGainOff, hidden, 1.0);
            fill(p, lnBiasOff, hidden, 0.0);
        }
        if (embGainOff >= 0) {
            fill(p, embGainOff, hidden, 1.0);
            fill(p, embBiasOff, hidden, 0.0);
        }
        params.assign(Nd4j.createFromArray(p).castTo(params.dataType()));
    }

    private static double gaussian(SplittableRandom rnd) {
        double u = rnd.nextDouble();
        double v = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
    }

    private static void fill(double[] p, int off, int n, double v) {
        java.util.Arrays.fill(p, off, off + n, v);
    }

    private static INDArray matrix(INDArray flat, int off, int rows, int cols) {
        return Vectors.matrix(flat, off, rows, cols);
    }

    private static INDArray rowVector(INDArray flat, int off, int cols) {
        return Vectors.matrix(flat, off, 1, cols);
    }

    /** One block's forward state; {@code geluState} is tanh's inner value or the normal CDF (exact GELU). */
    record LayerCache(INDArray x, LayerNorm.State ln1, INDArray q, INDArray k, INDArray v, INDArray p,
                      INDArray attention, INDArray dropAttention, LayerNorm.State ln2, INDArray h1, INDArray geluState,
                      INDArray g, INDArray dropFeedForward) {
    }

    /**
     * @param embedding the embedding LayerNorm's state (BERT), or null
     * @param last      the final LayerNorm's state (pre-LN), or null
     */
    record Caches(LayerNorm.State embedding, INDArray dropEmbedding, List<LayerCache> layers, LayerNorm.State last) {
    }

    @Override
    public TextPass forward(INDArray params, TextBatch batch, Noise noise) {
        int b = batch.sequences();
        int t = batch.length();
        int n = b * t;
        if (t > maxLength) {
            throw new IllegalArgumentException("batch has sequences of " + t + " tokens; the encoder's maxLength is " + maxLength);
        }
        for (int id : batch.ids()) {
            if (id < 0 || id >= vocabulary) {
                throw new IllegalArgumentException("token id " + id + " is outside the encoder's vocabulary of " + vocabulary);
            }
        }
        for (int s : batch.typeIds()) {
            if (s < 0 || s >= SEGMENTS) {
                throw new IllegalArgumentException("segment (type) id " + s + " is not 0 or 1");
            }
        }
        DataType type = params.dataType();
        int[] positions = new int[n];
        for (int i = 0; i < n; i++) {
            positions[i] = i % t;
        }
        INDArray x = Nd4j.pullRows(matrix(params, tokOff, vocabulary, hidden), 1, batch.ids());
        x.addi(Nd4j.pullRows(matrix(params, posOff, maxLength, hidden), 1, positions));
        x.addi(Nd4j.pullRows(matrix(params, segOff, SEGMENTS, hidden), 1, batch.typeIds()));
        double eps = architecture.layerNormEpsilon();
        LayerNorm.State embedding = null;
        if (embGainOff >= 0) {
            embedding = LayerNorm.forward(x, rowVector(params, embGainOff, hidden), rowVector(params, embBiasOff, hidden), eps);
            x = embedding.output(); // dropout below scales it in place; the backward pass reads only xhat and 1/std
        }
        INDArray dropEmbedding = dropoutMask(noise, 0, n, type);
        if (dropEmbedding != null) {
            x.muli(dropEmbedding);
        }
        INDArray maskBias = attentionMask(batch, type); // null when no sequence is padded
        boolean post = architecture.postLayerNorm();
        List<LayerCache> caches = new ArrayList<>(layers);
        for (int l = 0; l < layers; l++) {
            int[] o = layerOff[l];
            INDArray input = x;
            // Pre-LN normalises each branch's input; post-LN normalises after each residual sum.
            LayerNorm.State ln1 = post ? null
                    : LayerNorm.forward(x, rowVector(params, o[LN1G], hidden), rowVector(params, o[LN1B], hidden), eps);
            INDArray qkv = Broadcast.addiRowVector((post ? x : ln1.output()).mmul(matrix(params, o[WQKV], hidden, 3 * hidden)),
                    rowVector(params, o[BQKV], 3 * hidden));
            INDArray[] split = splitHeads(qkv, b, t);
            INDArray p = attentionWeights(split[0], split[1], maskBias, b, t);
            INDArray attention = mergeHeads(Nd4j.matmul(p, split[2]), b, t);
            INDArray out = Broadcast.addiRowVector(attention.mmul(matrix(params, o[WO], hidden, hidden)), rowVector(params, o[BO], hidden));
            INDArray dropA = dropoutMask(noise, 2 * l + 1, n, type);
            if (dropA != null) {
                out.muli(dropA);
            }
            INDArray xMid = x.add(out);
            if (post) {
                ln1 = LayerNorm.forward(xMid, rowVector(params, o[LN1G], hidden), rowVector(params, o[LN1B], hidden), eps);
                xMid = ln1.output();
            }
            LayerNorm.State ln2 = post ? null
                    : LayerNorm.forward(xMid, rowVector(params, o[LN2G], hidden), rowVector(params, o[LN2B], hidden), eps);
            INDArray h1 = Broadcast.addiRowVector((post ? xMid : ln2.output()).mmul(matrix(params, o[W1], hidden, feedForward)),
                    rowVector(params, o[B1], feedForward));
            INDArray geluState = architecture.exactGelu() ? Gelu.cdf(h1) : Gelu.inner(h1);
            INDArray g = architecture.exactGelu() ? Gelu.exactForward(h1, geluState) : Gelu.forward(h1, geluState);
            INDArray h2 = Broadcast.addiRowVector(g.mmul(matrix(params, o[W2], feedForward, hidden)), rowVector(params, o[B2], hidden));
            INDArray dropF = dropoutMask(noise, 2 * l + 2, n, type);
            if (dropF != null) {
                h2.muli(dropF);
            }
            if (post) {
                ln2 = LayerNorm.forward(xMid.add(h2), rowVector(params, o[LN2G], hidden), rowVector(params, o[LN2B], hidden), eps);
                x = ln2.output(); // never changed in place after this
            } else {
                x = xMid.addi(h2);
            }
            caches.add(new LayerCache(input, ln1, split[0], split[1], split[2], p, attention,
                    dropA, ln2, h1, geluState, g, dropF));
        }
        LayerNorm.State last = post ? null
                : LayerNorm.forward(x, rowVector(params, lnGainOff, hidden), rowVector(params, lnBiasOff, hidden), eps);
        return new TransformerPass(this, params, batch, new Caches(embedding, dropEmbedding, caches, last),
                post ? x : last.output());
    }

    /** {@code [b*t, 3h]} to three {@code [b*heads, t, h/heads]} arrays: queries, keys, values. */
    private INDArray[] splitHeads(INDArray qkv, int b, int t) {
        int dh = hidden / heads;
        INDArray perm = qkv.reshape('c', b, t, 3, heads, dh).permute(2, 0, 3, 1, 4).dup('c').reshape('c', 3, (long) b * heads, t, dh);
        return new INDArray[] {perm.get(NDArrayIndex.point(0)), perm.get(NDArrayIndex.point(1)), perm.get(NDArrayIndex.point(2))};
    }

    /** {@code [b*heads, t, dh]} back to {@code [b*t, h]}. */
    private INDArray mergeHeads(INDArray o, int b, int t) {
        int dh = hidden / heads;
        return o.reshape('c', b, heads, t, dh).permute(0, 2, 1, 3).dup('c').reshape('c', (long) b * t, hidden);
    }

    /** Softmax over keys of {@code q k^T / sqrt(dh)} with padded keys masked; {@code [b*heads, t, t]}. */
    private INDArray attentionWeights(INDArray q, INDArray k, INDArray maskBias, int b, int t) {
        INDArray s = Nd4j.matmul(q, k, false, true, false).muli(1.0 / Math.sqrt((double) hidden / heads));
        INDArray rows = s.reshape('c', (long) b * heads * t, t);
        if (maskBias != null) {
            rows.addi(maskBias);
        }
        Broadcast.subiColumnVector(rows, rows.max(1).reshape(rows.rows(), 1));
        org.nd4j.linalg.ops.transforms.Transforms.exp(rows, false);
        Broadcast.diviColumnVector(rows, rows.sum(1).reshape(rows.rows(), 1));
        return rows.reshape('c', (long) b * heads, t, t);
    }

    /** 0 for real keys, a large negative number for padded keys; {@code [b*heads*t, t]}; null when nothing is padded. */
    private INDArray attentionMask(TextBatch batch, DataType type) {
        int b = batch.sequences();
        int t = batch.length();
        if (java.util.Arrays.stream(batch.lengths()).allMatch(len -> len == t)) {
            return null;
        }
        double[] m = new double[b * heads * t * t];
        for (int s = 0; s < b; s++) {
            int len = batch.lengths()[s];
            if (len == t) {
                continue;
            }
            for (int r = 0; r < heads * t; r++) {
                int base = ((s * heads * t) + r) * t;
                java.util.Arrays.fill(m, base + len, base + t, MASKED);
            }
        }
        return HostArrays.create(m, type, (long) b * heads * t, t);
    }

    /** Inverted dropout mask ({@code 0} or {@code 1/(1-rate)}) for site {@code site}, or null when off. */
    private INDArray dropoutMask(Noise noise, int site, int rows, DataType type) {
        if (!noise.stochastic() || dropout == 0) {
            return null;
        }
        SplittableRandom rnd = new SplittableRandom(Seeds.derive(noise.seed(), "transformer-dropout", site));
        double keep = 1.0 / (1.0 - dropout);
        double[] mask = new double[rows * hidden];
        for (int i = 0; i < mask.length; i++) {
            mask[i] = rnd.nextDouble() < dropout ? 0.0 : keep;
        }
        return HostArrays.create(mask, type, rows, hidden);
    }

    /** Backward from {@code dOut} ({@code [b*t, h]}, the final LayerNorm's output) into {@code grad}. */
    void backward(INDArray params, TextBatch batch, Caches caches, INDArray dOut, INDArray grad) {
        int b = batch.sequences();
        int t = batch.length();
        boolean post = architecture.postLayerNorm();
        INDArray dx = post ? dOut : LayerNorm.backward(caches.last(), rowVector(params, lnGainOff, hidden), dOut,
                grad.get(Vectors.range(lnGainOff, lnGainOff + hidden)), grad.get(Vectors.range(lnBiasOff, lnBiasOff + hidden)));
        for (int l = layers - 1; l >= 0; l--) {
            int[] o = layerOff[l];
            LayerCache c = caches.layers().get(l);
            // Feed-forward branch. Pre-LN: x_out = x_mid + drop(FFN(LN2(x_mid))); post-LN: x_out = LN2(x_mid + drop(FFN(x_mid))).
            INDArray dSum = post ? layerNormBackward(c.ln2(), params, grad, o[LN2G], o[LN2B], dx) : dx;
            INDArray dh2 = c.dropFeedForward() == null ? dSum : dSum.mul(c.dropFeedForward());
            Gemm.accumulate(c.g(), true, dh2, false, 1.0, matrix(grad, o[W2], feedForward, hidden));
            Gemm.accumulateRowSum(dh2, 1.0, rowVector(grad, o[B2], hidden));
            INDArray dg = Gemm.product(dh2, matrix(params, o[W2], feedForward, hidden), true);
            INDArray dh1 = architecture.exactGelu() ? Gelu.exactBackward(c.h1(), c.geluState(), dg)
                    : Gelu.backward(c.h1(), c.geluState(), dg);
            INDArray ffnInput = post ? c.ln1().output() : c.ln2().output();
            Gemm.accumulate(ffnInput, true, dh1, false, 1.0, matrix(grad, o[W1], hidden, feedForward));
            Gemm.accumulateRowSum(dh1, 1.0, rowVector(grad, o[B1], feedForward));
            INDArray dFfnInput = Gemm.product(dh1, matrix(params, o[W1], hidden, feedForward), true);
            INDArray dMid = post ? dSum.add(dFfnInput)
                    : dx.add(layerNormBackward(c.ln2(), params, grad, o[LN2G], o[LN2B], dFfnInput));
            // Attention branch. Pre-LN: x_mid = x + drop(MHA(LN1(x)) Wo + bo); post-LN: x_mid = LN1(x + drop(MHA(x) Wo + bo)).
            INDArray dAttnSum = post ? layerNormBackward(c.ln1(), params, grad, o[LN1G], o[LN1B], dMid) : dMid;
            INDArray dAo = c.dropAttention() == null ? dAttnSum : dAttnSum.mul(c.dropAttention());
            Gemm.accumulate(c.attention(), true, dAo, false, 1.0, matrix(grad, o[WO], hidden, hidden));
            Gemm.accumulateRowSum(dAo, 1.0, rowVector(grad, o[BO], hidden));
            INDArray dAttention = Gemm.product(dAo, matrix(params, o[WO], hidden, hidden), true);
            INDArray dqkv = attentionBackward(c, dAttention, b, t);
            Gemm.accumulate(post ? c.x() : c.ln1().output(), true, dqkv, false, 1.0, matrix(grad, o[WQKV], hidden, 3 * hidden));
            Gemm.accumulateRowSum(dqkv, 1.0, rowVector(grad, o[BQKV], 3 * hidden));
            INDArray dQkvInput = Gemm.product(dqkv, matrix(params, o[WQKV], hidden, 3 * hidden), true);
            dx = post ? dAttnSum.add(dQkvInput)
                    : dMid.addi(layerNormBackward(c.ln1(), params, grad, o[LN1G], o[LN1B], dQkvInput));
        }
        if (caches.dropEmbedding() != null) {
            dx.muli(caches.dropEmbedding());
        }
        if (caches.embedding() != null) {
            dx = layerNormBackward(caches.embedding(), params, grad, embGainOff, embBiasOff, dx);
        }
        embeddingBackward(batch, dx, grad);
    }

    /** Through a LayerNorm whose gain and bias sit at {@code gainOff} and {@code biasOff}; their gradients are added. */
    private INDArray layerNormBackward(LayerNorm.State state, INDArray params, INDArray grad, int gainOff, int biasOff,
                                       INDArray dy) {
        return LayerNorm.backward(state, rowVector(params, gainOff, hidden), dy, grad.get(Vectors.range(gainOff, gainOff + hidden)),
                grad.get(Vectors.range(biasOff, biasOff + hidden)));
    }

    private INDArray attentionBackward(LayerCache c, INDArray dAttention, int b, int t) {
        int dh = hidden / heads;
        INDArray dO = dAttention.reshape('c', b, t, heads, dh).permute(0, 2, 1, 3).dup('c').reshape('c', (long) b * heads, t, dh);
        INDArray dP = Nd4j.matmul(dO, c.v(), false, true, false);
        INDArray dV = Nd4j.matmul(c.p(), dO, true, false, false);
        INDArray p2 = c.p().reshape('c', (long) b * heads * t, t);
        INDArray dS2 = dP.reshape('c', (long) b * heads * t, t);
        INDArray rowDot = dS2.mul(p2).sum(1).reshape(p2.rows(), 1);
        Broadcast.subiColumnVector(dS2, rowDot).muli(p2).muli(1.0 / Math.sqrt(dh));
        INDArray dS = dS2.reshape('c', (long) b * heads, t, t);
        INDArray dQ = Nd4j.matmul(dS, c.k());
        INDArray dK = Nd4j.matmul(dS, c.q(), true, false, false);
        INDArray stacked = Nd4j.stack(0, dQ, dK, dV).reshape('c', 3, b, heads, t, dh);
        return stacked.permute(1, 3, 0, 2, 4).dup('c').reshape('c', (long) b * t, 3L * hidden);
    }

    /**
     * Scatters the embedding gradient into the token, position and segment tables. Only the token rows
     * the batch used are touched (a sparse row update: the table is {@code vocabulary x hidden}, a
     * batch uses a few hundred rows).
     */
    private void embeddingBackward(TextBatch batch, INDArray dx, INDArray grad) {
        int n = batch.ids().length;
        int t = batch.length();
        double[] d = HostArrays.read(dx);
        double[] pos = new double[maxLength * hidden];
        double[] seg = new double[SEGMENTS * hidden];
        int[] types = batch.typeIds();
        for (int i = 0; i < n; i++) {
            int row = i * hidden;
            int pb = (i % t) * hidden;
            int sb = types[i] * hidden;
            for (int k = 0; k < hidden; k++) {
                double v = d[row + k];
                pos[pb + k] += v;
                seg[sb + k] += v;
            }
        }
        HostArrays.addRows(grad, tokOff, hidden, vocabulary, batch.ids(), d);
        HostArrays.add(grad, posOff, pos);
        HostArrays.add(grad, segOff, seg);
    }

    Pooling pooling() {
        return pooling;
    }

    @Override
    public INDArray tokenEmbeddings(INDArray params) {
        return blocks.view(params, "token");
    }

    public Architecture architecture() {
        return architecture;
    }

    /** The parameter blocks by name (token, position, segment, embedding LayerNorm, each layer's, final LayerNorm). */
    public ParameterBlocks blocks() {
        return blocks;
    }
}
