package org.tapweight.bench.jmh;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tapweight.api.modality.Head;
import org.tapweight.api.model.Noise;
import org.tapweight.molecule.chem.AtomFeatures;
import org.tapweight.molecule.chem.BondFeatures;
import org.tapweight.molecule.model.GraphBatch;
import org.tapweight.molecule.model.GraphPass;
import org.tapweight.nlp.model.TextBatch;
import org.tapweight.nlp.objective.MlmCorruptions;

/**
 * Writes the exact inputs of {@link GraphEncoderBenchmark} and {@link TextEncoderBenchmark} for the
 * PyTorch twins in {@code tapweight-bench/peers/}: per encoder a JSON header ({@code gin.json},
 * {@code mlm.json}) and one file of little-endian int32 arrays ({@code gin.i32}, {@code mlm.i32})
 * whose order the header states.
 *
 * <pre>
 * java -cp tapweight-bench/target/tapweight-bench.jar org.tapweight.bench.jmh.TwinBatches \
 *     [outDir=tapweight-bench/target/twin-batches] [mlmSteps=256]
 * </pre>
 *
 * GIN: every batch the benchmark cycles through, in its order (shape 128x3, the parameters do not
 * change the batches). MLM: the benchmark's one batch ({@code lengths=full}) and, for steps
 * {@code 0..mlmSteps-1}, the corruption the objective draws with {@code Noise.of(step)} (the benchmark's
 * step counter), i.e. the corrupted ids, the predicted rows and their original ids.
 *
 * <p>For the twins' {@code --check} (same arithmetic as ours, to float tolerance) it also writes the
 * benchmarks' initial parameters and our loss and gradient on one deterministic step
 * ({@code Noise.NONE}: no dropout, the objective's fixed corruption): {@code NAME.check.json} and
 * float32 little-endian {@code NAME.params.f32}, {@code NAME.grad.f32} in our parameter layout.
 */
public final class TwinBatches {

    private TwinBatches() {
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "tapweight-bench/target/twin-batches");
        int mlmSteps = args.length > 1 ? Integer.parseInt(args[1]) : 256;
        Files.createDirectories(out);
        writeGin(out);
        writeMlm(out, mlmSteps);
        System.out.println("wrote " + out.toAbsolutePath() + "/{gin,mlm}.{json,i32}");
        if (args.length < 3 || !args[2].equals("no-minilm")) {
            writeMiniLm(out, Math.min(mlmSteps, 64));
            System.out.println("wrote " + out.toAbsolutePath() + "/minilm.{json,i32}");
        }
    }

    private static void writeGin(Path out) throws IOException {
        GraphEncoderBenchmark bench = new GraphEncoderBenchmark();
        bench.shape = "128x3";
        bench.dataType = "float";
        bench.setUp();
        int[] atomVocab = new int[AtomFeatures.COUNT];
        for (int f = 0; f < AtomFeatures.COUNT; f++) {
            atomVocab[f] = AtomFeatures.size(f) + 1; // + the mask row
        }
        int[] bondVocab = new int[BondFeatures.COUNT];
        for (int g = 0; g < BondFeatures.COUNT; g++) {
            bondVocab[g] = BondFeatures.size(g);
        }
        List<Map<String, Object>> sizes = new ArrayList<>();
        List<int[]> arrays = new ArrayList<>();
        for (GraphBatch b : bench.batches()) {
            sizes.add(Map.of("atoms", b.atoms(), "edges", b.edges(), "graphs", b.graphs()));
            arrays.add(b.atomFeatures());
            arrays.add(b.edgeSource());
            arrays.add(b.edgeTarget());
            arrays.add(b.edgeFeatures());
            arrays.add(b.atomGraph());
        }
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("benchmark", "GraphEncoderBenchmark.forwardBackward, shape=128x3, dataType=float");
        header.put("hidden", 128);
        header.put("layers", 3);
        header.put("dropout", 0.0);
        header.put("readout", "mean");
        header.put("atomVocabulary", atomVocab);
        header.put("bondVocabulary", bondVocab);
        header.put("layout", "per batch, int32 little-endian: atomFeatures [atoms*" + AtomFeatures.COUNT
                + "], edgeSource [edges], edgeTarget [edges], edgeFeatures [edges*" + BondFeatures.COUNT
                + "], atomGraph [atoms]");
        header.put("batches", sizes);
        write(out, "gin", header, arrays);
        // The check: batch 0, deterministic, the benchmark's backward seed dL/dg = g (loss 1/2 sum g^2).
        GraphPass pass = bench.encoder().forward(bench.params(), bench.batches().get(0), Noise.NONE);
        INDArray grad = bench.params().ulike();
        pass.backward(null, pass.graphs(), grad);
        double norm = pass.graphs().norm2Number().doubleValue();
        double loss = 0.5 * norm * norm;
        writeCheck(out, "gin", Map.of("batch", 0, "loss", loss), bench.params(), grad);
    }

    private static void writeMlm(Path out, int steps) throws IOException {
        TextEncoderBenchmark bench = new TextEncoderBenchmark();
        bench.dataType = "float";
        bench.lengths = "full";
        bench.setUp();
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("benchmark", "TextEncoderBenchmark.mlmForwardBackward, lengths=full, dataType=float");
        header.put("vocabulary", TextEncoderBenchmark.VOCABULARY);
        header.put("hidden", 128);
        header.put("layers", 2);
        header.put("heads", 4);
        header.put("feedForward", 512);
        header.put("maxLength", 128);
        header.put("segments", 2);
        header.put("dropout", 0.1);
        writeMlm(out, "mlm", steps, bench, header);
    }

    /** MiniLM's MLM step: its pretrained weights are the parameters; BERT's shape and the tied decoder in the header. */
    private static void writeMiniLm(Path out, int steps) throws IOException {
        MiniLmBenchmark bench = new MiniLmBenchmark();
        bench.setUp();
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("benchmark", "MiniLmBenchmark.mlmForwardBackward (all-MiniLM-L6-v2, tied decoder, float)");
        header.put("vocabulary", org.tapweight.minilm.MiniLm.VOCABULARY);
        header.put("hidden", org.tapweight.minilm.MiniLm.HIDDEN);
        header.put("layers", org.tapweight.minilm.MiniLm.LAYERS);
        header.put("heads", org.tapweight.minilm.MiniLm.HEADS);
        header.put("feedForward", org.tapweight.minilm.MiniLm.FEED_FORWARD);
        header.put("maxLength", MiniLmBenchmark.LENGTH);
        header.put("segments", 2);
        header.put("dropout", 0.1);
        header.put("architecture", "BERT: post-LayerNorm blocks, erf GELU, embedding LayerNorm, LayerNorm epsilon 1e-12; "
                + "MLM head: tanh GELU, LayerNorm epsilon 1e-5, decoder tied to the word embeddings");
        writeMlm(out, "minilm", steps, bench, header);
    }

    private static void writeMlm(Path out, String name, int steps, MlmBench bench, Map<String, Object> header) throws IOException {
        TextBatch batch = bench.batch();
        List<Integer> rows = new ArrayList<>();
        List<int[]> arrays = new ArrayList<>();
        arrays.add(batch.typeIds());
        arrays.add(batch.lengths());
        for (int step = 0; step < steps; step++) {
            MlmCorruptions.Corrupted c = MlmCorruptions.of(bench.mlm(), batch, Noise.of(step));
            rows.add(c.rows().length);
            arrays.add(c.ids());
            arrays.add(c.rows());
            arrays.add(c.targets());
        }
        header.put("sequences", batch.sequences());
        header.put("length", batch.length());
        header.put("layout", "int32 little-endian: typeIds [sequences*length], lengths [sequences], then per step: "
                + "corrupted ids [sequences*length], predicted rows [k], targets [k]");
        header.put("predictedRowsPerStep", rows);
        write(out, name, header, arrays);
        // The check: one deterministic step (no dropout, the objective's fixed corruption).
        MlmCorruptions.Corrupted c = MlmCorruptions.of(bench.mlm(), batch, Noise.NONE);
        INDArray gradEncoder = bench.params().ulike();
        INDArray gradHead = bench.head().ulike();
        double loss = bench.mlm().loss(bench.encoder(), bench.params(), bench.head(), batch, Noise.NONE,
                new Head.Gradients(gradEncoder, gradHead, 1.0));
        Map<String, Object> check = new LinkedHashMap<>();
        check.put("loss", loss);
        check.put("ids", c.ids());
        check.put("rows", c.rows());
        check.put("targets", c.targets());
        writeCheck(out, name, check, Nd4j.concat(0, bench.params(), bench.head()), Nd4j.concat(0, gradEncoder, gradHead));
    }

    private static void writeCheck(Path out, String name, Map<String, Object> check, INDArray params, INDArray grad)
            throws IOException {
        new ObjectMapper().writeValue(out.resolve(name + ".check.json").toFile(), check);
        writeFloats(out.resolve(name + ".params.f32"), params.toFloatVector());
        writeFloats(out.resolve(name + ".grad.f32"), grad.toFloatVector());
    }

    private static void writeFloats(Path file, float[] v) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(v);
        Files.write(file, buf.array());
    }

    private static void write(Path out, String name, Map<String, Object> header, List<int[]> arrays) throws IOException {
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(out.resolve(name + ".json").toFile(), header);
        try (OutputStream s = Files.newOutputStream(out.resolve(name + ".i32"))) {
            for (int[] a : arrays) {
                ByteBuffer buf = ByteBuffer.allocate(4 * a.length).order(ByteOrder.LITTLE_ENDIAN);
                buf.asIntBuffer().put(a);
                s.write(buf.array());
            }
        }
    }
}
