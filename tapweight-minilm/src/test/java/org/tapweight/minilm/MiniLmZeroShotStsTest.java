package org.tapweight.minilm;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.stat.correlation.PearsonsCorrelation;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tapweight.api.model.Noise;
import org.tapweight.nlp.model.TextBatch;
import org.tapweight.nlp.model.TransformerEncoder;

/**
 * Zero-shot STS-B with the loaded model, as sentence-transformers uses it: mean of the real tokens'
 * last hidden states, cosine similarity between the two sentences, correlated with the gold scores
 * of our STS-B test split (GLUE's dev set, 1,500 pairs). The test scores the first 300 pairs (a
 * broken mapping scores near 0); {@code -Dminilm.stsb.pairs=1500} scores them all.
 */
class MiniLmZeroShotStsTest {

    @Test
    void meanPooledCosineTracksTheGoldScores(@TempDir Path tmp) throws Exception {
        int limit = Integer.getInteger("minilm.stsb.pairs", 300);
        List<String[]> pairs = new ArrayList<>();
        List<Double> gold = new ArrayList<>();
        List<String> lines = Files.readAllLines(Path.of("..", "data", "glue", "STS-B", "test.tsv"), StandardCharsets.UTF_8);
        for (String line : lines.subList(1, Math.min(lines.size(), limit + 1))) {
            String[] f = line.split("\t", -1);
            pairs.add(new String[] {f[7], f[8]});
            gold.add(Double.parseDouble(f[9]));
        }
        Path tokenizerFile = tmp.resolve("tokenizer.json");
        try (InputStream in = MiniLm.class.getResourceAsStream(MiniLm.TOKENIZER_RESOURCE)) {
            Files.copy(in, tokenizerFile);
        }
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        TransformerEncoder enc = MiniLm.encoder(128, 0.0, TransformerEncoder.Pooling.MEAN);
        INDArray params = Nd4j.zeros(DataType.FLOAT, enc.parameterCount());
        MiniLm.load(enc, params);
        double[] cosine = new double[pairs.size()];
        try (HuggingFaceTokenizer tok = HuggingFaceTokenizer.newInstance(tokenizerFile,
                Map.of("padding", "false", "truncation", "true", "maxLength", "128"))) {
            int batch = 32;
            for (int start = 0; start < pairs.size(); start += batch) {
                int n = Math.min(batch, pairs.size() - start);
                int[][] ids = new int[2 * n][];
                int[][] types = new int[2 * n][];
                for (int i = 0; i < n; i++) {
                    for (int side = 0; side < 2; side++) {
                        Encoding e = tok.encode(pairs.get(start + i)[side]);
                        ids[2 * i + side] = java.util.Arrays.stream(e.getIds()).mapToInt(x -> (int) x).toArray();
                        types[2 * i + side] = new int[ids[2 * i + side].length];
                    }
                }
                double[][] v = enc.forward(params, TextBatch.of(new int[2 * n], ids, types, null), Noise.NONE).output()
                        .toDoubleMatrix();
                for (int i = 0; i < n; i++) {
                    cosine[start + i] = cos(v[2 * i], v[2 * i + 1]);
                }
            }
        }
        double[] g = gold.stream().mapToDouble(Double::doubleValue).toArray();
        double spearman = new SpearmansCorrelation().correlation(cosine, g);
        double pearson = new PearsonsCorrelation().correlation(cosine, g);
        System.out.printf("MiniLM zero-shot STS-B, %d pairs of our test split: Spearman %.4f, Pearson %.4f%n",
                pairs.size(), spearman, pearson);
        assertThat(spearman).isGreaterThan(0.7);
    }

    private static double cos(double[] a, double[] b) {
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int k = 0; k < a.length; k++) {
            ab += a[k] * b[k];
            aa += a[k] * a[k];
            bb += b[k] * b[k];
        }
        return ab / Math.sqrt(aa * bb);
    }
}
