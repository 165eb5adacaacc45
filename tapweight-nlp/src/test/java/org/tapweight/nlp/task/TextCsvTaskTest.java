package org.tapweight.nlp.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tapweight.api.modality.Encoder;
import org.tapweight.api.modality.PredictionInputs;
import org.tapweight.api.model.Split;
import org.tapweight.api.plugin.ConfigurationException;
import org.tapweight.core.assembly.AssembledTaskModel;
import org.tapweight.core.assembly.RunAssembler;
import org.tapweight.core.config.PluginRef;
import org.tapweight.core.config.RunConfig;
import org.tapweight.core.data.DataFiles;
import org.tapweight.core.plugin.PluginRegistry;
import org.tapweight.nlp.model.TextBatch;
import org.tapweight.nn.Vectors;

/**
 * The {@code text-csv} task on a user's files (SST-2 sentences with class names, STS-B pairs with
 * scores), and its predictor: from what a model file keeps, the task's own predictions.
 */
class TextCsvTaskTest {

    @TempDir
    static Path dir;

    @BeforeAll
    static void write() throws Exception {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        List<String> sst = Files.readAllLines(DataFiles.locate("glue/SST-2/train.tsv"));
        StringBuilder reviews = new StringBuilder("id,review,sentiment\n");
        for (int i = 1; i <= 200; i++) {
            String[] f = sst.get(i).split("\t");
            reviews.append(i).append(",\"").append(f[0].strip().replace("\"", "\"\"")).append("\",").append(f[1].equals("1") ? "pos" : "neg")
                    .append('\n');
        }
        Files.writeString(dir.resolve("reviews.csv"), reviews);
        List<String> sts = Files.readAllLines(DataFiles.locate("glue/STS-B/train.tsv"));
        StringBuilder pairs = new StringBuilder("a\tb\tscore\tpart\n");
        for (int i = 1; i <= 120; i++) {
            String[] f = sts.get(i).split("\t");
            pairs.append(f[7]).append('\t').append(f[8]).append('\t').append(f[9]).append('\t')
                    .append(i <= 90 ? "train" : i <= 105 ? "val" : "test").append('\n');
        }
        Files.writeString(dir.resolve("pairs.tsv"), pairs);
    }

    private static AssembledTaskModel<?> task(Map<String, Object> settings) {
        RunConfig c = new RunConfig();
        Map<String, Object> s = new LinkedHashMap<>(settings);
        s.put("tokenizer", DataFiles.dataRoot().resolveSibling("models/text-tokenizer.json").toString());
        s.put("maxLength", 24);
        c.task = PluginRef.of("text-csv", s);
        c.encoder = PluginRef.of("transformer", Map.of("hidden", 16, "layers", 1, "heads", 2, "feedForward", 32, "maxLength", 24));
        c.objectives = List.of(PluginRef.of("mlm"));
        c.configFolder = dir;
        return new RunAssembler(PluginRegistry.load()).assemble(c).task();
    }

    @Test
    void namedClassesAreInferredAndSplitAtRandom() {
        AssembledTaskModel<?> t = task(Map.of("file", "reviews.csv", "textColumn", "review", "labelColumn", "sentiment"));
        Map<String, Object> r = t.task().dataReport();
        assertThat(r.get("kind")).isEqualTo("classification");
        assertThat((String) r.get("kindFrom")).contains("labels that are not numbers");
        assertThat(r.get("classes")).isEqualTo(List.of("neg", "pos"));
        assertThat(r).containsEntry("train", 160).containsEntry("validation", 20).containsEntry("test", 20);
        assertThat(t.primaryMetric()).isEqualTo("accuracy");
        assertThat(t.task().dataChecksums()).containsKeys("reviews.csv", "tokenizer.json");
    }

    @Test
    void badColumnsAndLabelsNameTheFileLineAndField() throws Exception {
        assertThatThrownBy(() -> task(Map.of("file", "reviews.csv", "textColumn", "reveiw", "labelColumn", "sentiment")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("reviews.csv, line 1: the header has no text column 'reveiw' (did you mean 'review'?)");
        assertThatThrownBy(() -> task(Map.of("file", "reviews.csv", "textColumn", "review", "labelColumn", "sentiment", "kind", "regression")))
                .hasMessageContaining("reviews.csv, line 2, field 'sentiment': '").hasMessageContaining("is not a number (kind: regression)");
        Files.writeString(dir.resolve("blank.csv"), "text,label\nfine,1\n ,0\n");
        assertThatThrownBy(() -> task(Map.of("file", "blank.csv"))).hasMessageContaining("blank.csv, line 3, field 'text': empty text");
        Files.writeString(dir.resolve("one.csv"), "text,label\nfine,1\ngood,1\n");
        assertThatThrownBy(() -> task(Map.of("file", "one.csv"))).hasMessageContaining("only the class '1'");
        Files.writeString(dir.resolve("stars.csv"), "text,label\nfine,4\ngood,5\nbad,1\nmeh,3\n");
        assertThatThrownBy(() -> task(Map.of("file", "stars.csv"))).hasMessageContaining("column 'label': the labels are a few "
                + "whole numbers ([1, 3, 4, 5]): classes or a score? Set the task's 'kind'");
    }

    @Test
    @SuppressWarnings("unchecked")
    void pairsWithScoresAndTheirPredictorInOriginalUnits() throws Exception {
        AssembledTaskModel<TextBatch> t = (AssembledTaskModel<TextBatch>) task(Map.of("file", "pairs.tsv", "textColumn", "a",
                "secondTextColumn", "b", "labelColumn", "score", "split", "column", "splitColumn", "part"));
        LabelledTextTask task = (LabelledTextTask) t.task();
        assertThat(task.dataReport()).containsEntry("kind", "regression").containsEntry("train", 90).containsEntry("validation", 15)
                .containsEntry("test", 15);
        assertThat(t.primaryMetric()).isEqualTo("pearson");
        Initialised init = initialised(t, 5);
        INDArray encoder = init.encoder();
        INDArray head = init.head();
        double[] own = task.predict(t.encoder(), encoder, head, Split.TEST);

        Map<String, Object> state = throughJson(task.predictorState());
        TextPredictor predictor = (TextPredictor) new TextCsvTaskProvider().predictor(state);
        assertThat(predictor.outputNames()).containsExactly("predicted_score");
        List<String> lines = new ArrayList<>(List.of("a\tb\tnote"));
        List<String> file = Files.readAllLines(dir.resolve("pairs.tsv"));
        for (int i = 106; i <= 120; i++) {
            String[] f = file.get(i).split("\t");
            lines.add(f[0] + "\t" + f[1] + "\tx");
        }
        lines.add("\tsecond only\ty");
        Path input = dir.resolve("new-pairs.tsv");
        Files.write(input, lines);
        PredictionInputs<TextBatch> inputs = predictor.read(input);
        assertThat(inputs.unreadable()).isEqualTo(1);
        assertThat(inputs.rows().get(15).error()).isEqualTo("field 'a': empty text");
        double[][] scored = predictor.predict((Encoder<TextBatch>) t.encoder(), encoder, head, inputs.data());
        for (int i = 0; i < own.length; i++) {
            assertThat(scored[i][0]).isCloseTo(own[i], within(1e-9));
        }
        double mean = 0;
        for (int i = 1; i <= 90; i++) {
            mean += Double.parseDouble(file.get(i).split("\t")[2]) / 90;
        }
        double[][] zero = predictor.predict((Encoder<TextBatch>) t.encoder(), encoder, head.mul(0), inputs.data());
        assertThat(zero[0][0]).isCloseTo(mean, within(1e-9)); // a zero head predicts the training mean, in score units
    }

    @Test
    @SuppressWarnings("unchecked")
    void classProbabilitiesAgreeWithTheTasksOwnClasses() throws Exception {
        // the same reviews with a split column: the last 20 rows are the test part, in file order
        List<String> csv = Files.readAllLines(dir.resolve("reviews.csv"));
        List<String> withParts = new ArrayList<>(List.of(csv.get(0) + ",part"));
        for (int i = 1; i <= 200; i++) {
            withParts.add(csv.get(i) + "," + (i <= 160 ? "train" : i <= 180 ? "valid" : "test"));
        }
        Files.write(dir.resolve("reviews-split.csv"), withParts);
        AssembledTaskModel<TextBatch> t = (AssembledTaskModel<TextBatch>) task(Map.of("file", "reviews-split.csv",
                "textColumn", "review", "labelColumn", "sentiment", "split", "column", "splitColumn", "part"));
        LabelledTextTask task = (LabelledTextTask) t.task();
        Initialised init = initialised(t, 9);
        INDArray encoder = init.encoder();
        INDArray head = init.head().mul(50); // decisive outputs
        double[] own = task.predict(t.encoder(), encoder, head, Split.TEST);

        TextPredictor predictor = TextPredictor.of(task.predictorState());
        assertThat(predictor.outputNames()).containsExactly("p_neg", "p_pos");
        List<String> test = new ArrayList<>(List.of(csv.get(0)));
        test.addAll(csv.subList(181, 201));
        Path input = dir.resolve("test-reviews.csv");
        Files.write(input, test);
        PredictionInputs<TextBatch> inputs = predictor.read(input);
        double[][] p = predictor.predict((Encoder<TextBatch>) t.encoder(), encoder, head, inputs.data());
        assertThat(p).hasDimensions(20, 2);
        for (int i = 0; i < 20; i++) {
            assertThat(p[i][0] + p[i][1]).isCloseTo(1.0, within(1e-12));
            assertThat(p[i][1] > p[i][0] ? 1.0 : 0.0).as("row %d", i).isEqualTo(own[i]);
        }
    }

    /** A GLUE-trained model scores new pairs given in GLUE's own column names (sentence1, sentence2). */
    @Test
    @SuppressWarnings("unchecked")
    void aGlueTaskScoresNewPairsInItsOwnColumns() throws Exception {
        RunConfig c = new RunConfig();
        c.task = PluginRef.of("glue", Map.of("dataset", "stsb", "limit", 40, "maxLength", 24,
                "tokenizer", DataFiles.dataRoot().resolveSibling("models/text-tokenizer.json").toString()));
        c.encoder = PluginRef.of("transformer", Map.of("hidden", 16, "layers", 1, "heads", 2, "feedForward", 32, "maxLength", 24));
        c.objectives = List.of(PluginRef.of("mlm"));
        AssembledTaskModel<TextBatch> t = (AssembledTaskModel<TextBatch>) new RunAssembler(PluginRegistry.load()).assemble(c).task();
        LabelledTextTask task = (LabelledTextTask) t.task();
        Initialised init = initialised(t, 11);
        INDArray encoder = init.encoder();
        INDArray head = init.head();
        double[] own = task.predict(t.encoder(), encoder, head, Split.TEST);

        Map<String, Object> state = throughJson(task.predictorState());
        TextPredictor predictor = (TextPredictor) new GlueTask.Provider().predictor(state);
        assertThat(predictor.outputNames()).containsExactly("predicted_score");
        List<String> glue = Files.readAllLines(DataFiles.locate("glue/STS-B/test.tsv"));
        List<String> lines = new ArrayList<>(List.of("sentence1\tsentence2"));
        for (int i = 1; i <= 40; i++) {
            String[] f = glue.get(i).split("\t");
            lines.add(f[7] + "\t" + f[8]);
        }
        Path input = dir.resolve("new-stsb.tsv");
        Files.write(input, lines);
        double[][] scored = predictor.predict((Encoder<TextBatch>) t.encoder(), encoder, head, predictor.read(input).data());
        assertThat(scored).hasNumberOfRows(40);
        for (int i = 0; i < 40; i++) {
            assertThat(scored[i][0]).isCloseTo(own[i], within(1e-9));
        }
    }

    /** A task model's parameters as {@code initialize} sets them with {@code seed}, split into encoder and head. */
    private record Initialised(INDArray encoder, INDArray head) {
    }

    private static Initialised initialised(AssembledTaskModel<TextBatch> t, long seed) {
        INDArray params = Nd4j.zeros(DataType.DOUBLE, t.layout().size());
        t.initialize(params, seed);
        int e = t.layout().encoderSize();
        return new Initialised(params.get(Vectors.range(0, e)), params.get(Vectors.range(e, params.length())));
    }

    /** A predictor state as a model file carries it: written to JSON and read back. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> throughJson(Map<String, Object> state) throws java.io.IOException {
        ObjectMapper json = new ObjectMapper();
        return json.readValue(json.writeValueAsBytes(state), Map.class);
    }
}
