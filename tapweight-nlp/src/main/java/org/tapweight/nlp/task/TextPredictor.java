package org.tapweight.nlp.task;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tapweight.api.modality.Dataset;
import org.tapweight.api.modality.Encoder;
import org.tapweight.api.modality.PredictionInputs;
import org.tapweight.api.modality.Predictor;
import org.tapweight.api.model.Noise;
import org.tapweight.api.plugin.ConfigurationException;
import org.tapweight.core.data.DelimitedTable;
import org.tapweight.nlp.model.TextBatch;
import org.tapweight.nlp.model.TextDataset;
import org.tapweight.nlp.text.TextTokenizer;
import org.tapweight.nn.Linear;

/**
 * Scores new texts with a trained {@code text-csv} model: reads the same columns from a CSV or TSV,
 * tokenizes with the training run's tokenizer (checked by its SHA-256), and gives each class's
 * probability (softmax of the head's outputs) or the value in the label's original units. A row
 * with an empty text is kept with its reason.
 */
public final class TextPredictor implements Predictor<TextBatch> {

    private static final int BATCH = 128;

    private final Map<String, Object> state;
    private final List<String> classes;
    private final double mean;
    private final double sd;

    private TextPredictor(Map<String, Object> state, List<String> classes, double mean, double sd) {
        this.state = state;
        this.classes = classes;
        this.mean = mean;
        this.sd = sd;
    }

    /**
     * How a task's model reads new inputs, for {@link LabelledTextTask#predictorState()}: the columns,
     * the tokenizer as the config wrote it and where it was found (with its SHA-256), the length limit.
     */
    static Map<String, Object> inputs(String label, String textColumn, String secondTextColumn, String delimiter,
                                      String tokenizerAsWritten, Path tokenizerFile, TextTokenizer tokenizer) {
        Map<String, Object> inputs = new java.util.LinkedHashMap<>();
        inputs.put("label", label);
        inputs.put("textColumn", textColumn);
        inputs.put("secondTextColumn", secondTextColumn);
        inputs.put("delimiter", delimiter);
        inputs.put("tokenizer", tokenizerAsWritten); // found again where the model's user or installation has it
        inputs.put("tokenizerPath", tokenizerFile.toAbsolutePath().normalize().toString());
        inputs.put("tokenizerSha256", tokenizer.sha256());
        inputs.put("maxLength", tokenizer.maxLength());
        return inputs;
    }

    /** The predictor a model file's state describes; a missing field is an error naming it. */
    @SuppressWarnings("unchecked")
    public static TextPredictor of(Map<String, Object> state) {
        for (String f : List.of("label", "textColumn", "secondTextColumn", "delimiter", "tokenizer", "tokenizerPath", "tokenizerSha256", "maxLength",
                "classes", "mean", "sd")) {
            if (!state.containsKey(f)) {
                throw new ConfigurationException("the model's predictor state has no field '" + f + "'");
            }
        }
        return new TextPredictor(state, List.copyOf((List<String>) state.get("classes")), ((Number) state.get("mean")).doubleValue(),
                ((Number) state.get("sd")).doubleValue());
    }

    private String text(String field) {
        return (String) state.get(field);
    }

    @Override
    public List<String> outputNames() {
        return classes.isEmpty() ? List.of("predicted_" + text("label")) : classes.stream().map(c -> "p_" + c).toList();
    }

    @Override
    public PredictionInputs<TextBatch> read(Path file) {
        DelimitedTable table = DelimitedTable.read(file, text("delimiter"));
        int first = table.column(text("textColumn"), "text");
        int second = text("secondTextColumn").isEmpty() ? -1 : table.column(text("secondTextColumn"), "second text");
        if (table.rows().isEmpty()) {
            throw new ConfigurationException(file + ": no rows to score below the header");
        }
        List<PredictionInputs.Row> rows = new ArrayList<>();
        List<String> firsts = new ArrayList<>();
        List<String> seconds = second < 0 ? null : new ArrayList<>();
        for (DelimitedTable.Row r : table.rows()) {
            String a = r.fields().get(first).strip();
            String b = second < 0 ? null : r.fields().get(second).strip();
            String error = a.isEmpty() ? "field '" + text("textColumn") + "': empty text"
                    : b != null && b.isEmpty() ? "field '" + text("secondTextColumn") + "': empty text" : null;
            rows.add(new PredictionInputs.Row(r.line(), r.fields(), error == null ? firsts.size() : -1, error));
            if (error == null) {
                firsts.add(a);
                if (seconds != null) {
                    seconds.add(b);
                }
            }
        }
        Path tokenizerFile = tokenizer();
        try (TextTokenizer tokenizer = TextTokenizer.load(tokenizerFile, ((Number) state.get("maxLength")).intValue())) {
            if (!tokenizer.sha256().equals(text("tokenizerSha256"))) {
                throw new ConfigurationException(tokenizerFile + ": not the tokenizer the model was trained with (SHA-256 "
                        + tokenizer.sha256() + ", the model's " + text("tokenizerSha256") + ")");
            }
            return new PredictionInputs<>(table.header(), rows,
                    new TextDataset(file.getFileName().toString(), firsts, seconds, null, tokenizer));
        }
    }

    /**
     * The tokenizer the model was trained with: a class-path resource; the file where training found it;
     * else the path as the config wrote it, looked up from here and in the installation ({@code ConfigPaths}).
     */
    private Path tokenizer() {
        String written = text("tokenizer");
        if (written.startsWith(TextFiles.CLASSPATH)) {
            return TextFiles.resolve(written);
        }
        Path trained = Path.of(text("tokenizerPath"));
        if (java.nio.file.Files.isRegularFile(trained)) {
            return trained;
        }
        Path here = org.tapweight.api.plugin.ConfigPaths.resolve(null, written);
        if (!java.nio.file.Files.isRegularFile(here)) {
            throw new ConfigurationException("the model's tokenizer is missing: neither " + trained + " (where training read it) nor "
                    + here + " exists; put the tokenizer file (SHA-256 " + text("tokenizerSha256") + ") at one of them");
        }
        return here;
    }

    @Override
    public double[][] predict(Encoder<TextBatch> encoder, INDArray encoderParams, INDArray head, Dataset<TextBatch> data) {
        int outputs = classes.isEmpty() ? 1 : classes.size();
        int expected = new Linear(encoder.representationSize(), outputs).size();
        if (head.length() != expected) {
            throw new ConfigurationException("the task head has " + head.length() + " parameters, a linear head from "
                    + encoder.representationSize() + " to " + outputs + " outputs has " + expected);
        }
        double[][] out = new double[data.size()][];
        for (int start = 0; start < data.size(); start += BATCH) {
            int[] idx = new int[Math.min(BATCH, data.size() - start)];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = start + i;
            }
            Encoder.Pass pass = encoder.forward(encoderParams, data.batch(idx), Noise.NONE);
            INDArray o = new Linear((int) pass.output().columns(), outputs).forward(head, pass.output());
            for (int i = 0; i < idx.length; i++) {
                out[start + i] = classes.isEmpty() ? new double[] {o.getDouble(i, 0) * sd + mean} : softmax(o, i);
            }
        }
        return out;
    }

    private static double[] softmax(INDArray logits, int row) {
        int c = (int) logits.columns();
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < c; k++) {
            max = Math.max(max, logits.getDouble(row, k));
        }
        double[] p = new double[c];
        double sum = 0;
        for (int k = 0; k < c; k++) {
            p[k] = Math.exp(logits.getDouble(row, k) - max);
            sum += p[k];
        }
        for (int k = 0; k < c; k++) {
            p[k] /= sum;
        }
        return p;
    }
}
