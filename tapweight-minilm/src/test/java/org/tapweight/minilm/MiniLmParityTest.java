package org.tapweight.minilm;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tapweight.api.model.Noise;
import org.tapweight.nlp.model.TextBatch;
import org.tapweight.nlp.model.TextPass;
import org.tapweight.nlp.model.TransformerEncoder;

/**
 * Our forward pass of all-MiniLM-L6-v2, with the weights read from its ONNX file, against ONNX
 * Runtime's on the same file and inputs: the last hidden states of a padded batch of sentence pairs.
 */
class MiniLmParityTest {

    static final String[][] PAIRS = {
            {"A man is playing a guitar.", "A person plays an instrument."},
            {"The cat sits on the mat.", "Dogs bark."},
            {"Short.", "A much longer second sentence, which makes this pair the longest of the batch by far, with commas."},
            {"Stocks fell sharply on Monday after the report.", "Markets dropped at the start of the week."}};

    @Test
    void everyLayersOutputMatchesOnnxRuntimeWithin1e4(@TempDir Path tmp) throws Exception {
        Path tokenizerFile = tmp.resolve("tokenizer.json");
        try (InputStream in = MiniLm.class.getResourceAsStream(MiniLm.TOKENIZER_RESOURCE)) {
            Files.copy(in, tokenizerFile);
        }
        int b = PAIRS.length;
        int[][] ids = new int[b][];
        int[][] types = new int[b][];
        try (HuggingFaceTokenizer tok = HuggingFaceTokenizer.newInstance(tokenizerFile, Map.of("padding", "false"))) {
            for (int s = 0; s < b; s++) {
                Encoding e = tok.encode(PAIRS[s][0], PAIRS[s][1]);
                ids[s] = toInts(e.getIds());
                types[s] = toInts(e.getTypeIds());
            }
        }
        int t = 0;
        for (int[] s : ids) {
            t = Math.max(t, s.length);
        }
        long[][] inputIds = new long[b][t];
        long[][] mask = new long[b][t];
        long[][] typeIds = new long[b][t];
        for (int s = 0; s < b; s++) {
            for (int i = 0; i < ids[s].length; i++) {
                inputIds[s][i] = ids[s][i];
                mask[s][i] = 1;
                typeIds[s][i] = types[s][i];
            }
        }

        byte[] model;
        try (InputStream in = MiniLm.class.getResourceAsStream(MiniLm.MODEL_RESOURCE)) {
            model = in.readAllBytes();
        }
        List<String> layerOutputs = new ArrayList<>();
        for (int l = 0; l < MiniLm.LAYERS - 1; l++) { // the last layer's output is the graph's own output
            layerOutputs.add("/encoder/layer." + l + "/output/LayerNorm/Add_1_output_0");
        }
        Map<String, float[][][]> reference = new LinkedHashMap<>();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(OnnxModel.withOutputs(model, layerOutputs), new OrtSession.SessionOptions());
             OnnxTensor a = OnnxTensor.createTensor(env, inputIds);
             OnnxTensor m = OnnxTensor.createTensor(env, mask);
             OnnxTensor ty = OnnxTensor.createTensor(env, typeIds);
             OrtSession.Result r = session.run(Map.of("input_ids", a, "attention_mask", m, "token_type_ids", ty))) {
            reference.put("last_hidden_state", (float[][][]) r.get(0).getValue());
            for (String name : layerOutputs) {
                reference.put(name, (float[][][]) r.get(name).orElseThrow().getValue());
            }
        }

        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        System.out.printf("MiniLM parity, %d padded sentence pairs of up to %d tokens, float32, real tokens:%n", b, t);
        System.out.println("| output | max abs difference (ours vs ONNX Runtime) | largest abs value |");
        System.out.println("|---|---|---|");
        double worst = 0;
        for (int layers = 1; layers <= MiniLm.LAYERS; layers++) {
            TransformerEncoder enc = MiniLm.encoder(128, 0.0, TransformerEncoder.Pooling.MEAN, layers);
            INDArray params = Nd4j.zeros(DataType.FLOAT, enc.parameterCount());
            MiniLm.load(enc, params);
            TextPass pass = enc.forward(params, TextBatch.of(new int[b], ids, types, null), Noise.NONE);
            boolean last = layers == MiniLm.LAYERS;
            double[] d = difference(pass.tokens().toDoubleMatrix(),
                    reference.get(last ? "last_hidden_state" : layerOutputs.get(layers - 1)), ids, t);
            System.out.printf("| layer %d%s | %.2e | %.2f |%n", layers, last ? " (last_hidden_state)" : "", d[0], d[1]);
            worst = Math.max(worst, d[0]);
        }
        assertThat(worst).isLessThan(1e-4);
    }

    /** Max abs difference and largest abs value over the real tokens (padded rows are not outputs anyone reads). */
    private static double[] difference(double[][] ours, float[][][] reference, int[][] ids, int t) {
        double max = 0;
        double scale = 0;
        for (int s = 0; s < ids.length; s++) {
            for (int i = 0; i < ids[s].length; i++) {
                for (int k = 0; k < MiniLm.HIDDEN; k++) {
                    max = Math.max(max, Math.abs(ours[s * t + i][k] - reference[s][i][k]));
                    scale = Math.max(scale, Math.abs(reference[s][i][k]));
                }
            }
        }
        return new double[] {max, scale};
    }

    private static int[] toInts(long[] a) {
        int[] out = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (int) a[i];
        }
        return out;
    }
}
