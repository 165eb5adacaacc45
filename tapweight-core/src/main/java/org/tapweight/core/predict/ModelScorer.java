package org.tapweight.core.predict;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tapweight.api.modality.Batch;
import org.tapweight.api.modality.Encoder;
import org.tapweight.api.modality.EncoderProvider;
import org.tapweight.api.modality.PredictionInputs;
import org.tapweight.api.modality.Predictor;
import org.tapweight.api.plugin.ConfigurationException;
import org.tapweight.api.plugin.Settings;
import org.tapweight.core.plugin.PluginRegistry;
import org.tapweight.core.record.AtomicFiles;
import org.tapweight.core.record.ModelFile;

/**
 * Scores a file of new inputs with a model file ({@link ModelFile}): the task's predictor reads the
 * rows, the encoder plug-in is built again from its settings and given the stored parameters, and
 * every row of the input comes out with the model's predictions, or with why it could not be read.
 * Not thread-safe: scoring sets ND4J's default data types to the model's for its duration.
 */
public final class ModelScorer {

    private final ModelFile.Contents model;
    private final Predictor<?> predictor;
    private final PluginRegistry registry;

    private ModelScorer(ModelFile.Contents model, Predictor<?> predictor, PluginRegistry registry) {
        this.model = model;
        this.predictor = predictor;
        this.registry = registry;
    }

    /** Loads a model file; its task and encoder plug-ins must be in {@code registry}. */
    public static ModelScorer load(Path modelFile, PluginRegistry registry) {
        ModelFile.Contents model = ModelFile.read(modelFile);
        Predictor<?> predictor = registry.task(model.task().id).predictor(model.predictor());
        return new ModelScorer(model, predictor, registry);
    }

    /** The prediction columns. */
    public List<String> outputNames() {
        return predictor.outputNames();
    }

    /** What the file says of the model: metrics, where its parameters came from, provenance. */
    public java.util.Map<String, Object> about() {
        return model.about();
    }

    /**
     * The scored rows of an input file.
     *
     * @param predictions one row per readable input row (addressed by {@link PredictionInputs.Row#index()})
     */
    public record Scored(List<String> outputNames, PredictionInputs<?> inputs, double[][] predictions) {

        /** Writes the input's columns, one column per prediction and an {@code error} column, atomically. */
        public void writeCsv(Path out) throws IOException {
            AtomicFiles.write(out, stream -> write(new java.io.OutputStreamWriter(stream, java.nio.charset.StandardCharsets.UTF_8)));
        }

        private void write(Writer writer) throws IOException {
            List<String> header = new ArrayList<>(inputs.header());
            header.addAll(outputNames);
            header.add("error");
            try (CSVPrinter csv = new CSVPrinter(writer, CSVFormat.RFC4180.builder().setRecordSeparator("\n").get())) {
                csv.printRecord(header);
                for (PredictionInputs.Row row : inputs.rows()) {
                    List<String> fields = new ArrayList<>(row.fields());
                    while (fields.size() < inputs.header().size()) {
                        fields.add("");
                    }
                    for (int k = 0; k < outputNames.size(); k++) {
                        fields.add(row.index() < 0 ? "" : String.format(Locale.ROOT, "%.6g", predictions[row.index()][k]));
                    }
                    fields.add(row.error() == null ? "" : row.error());
                    csv.printRecord(fields);
                }
            }
        }
    }

    /** Reads and scores {@code input}; fails (naming the file) only when no row can be read. */
    public Scored score(Path input) {
        return scoreTyped(predictor, input);
    }

    @SuppressWarnings("unchecked")
    private <B extends Batch> Scored scoreTyped(Predictor<B> p, Path input) {
        PredictionInputs<B> inputs = p.read(input);
        if (inputs.data().size() == 0) {
            PredictionInputs.Row first = inputs.rows().get(0);
            throw new ConfigurationException(input + ": none of its " + inputs.rows().size() + " rows could be read (line "
                    + first.line() + ": " + first.error() + ")");
        }
        DataType type = model.encoderParameters().dataType();
        DataType before = Nd4j.dataType();
        DataType beforeFloating = Nd4j.defaultFloatingPointType();
        Nd4j.setDefaultDataTypes(type, type); // as the run that trained it; restored below for a library caller
        try {
            return score(p, inputs);
        } finally {
            Nd4j.setDefaultDataTypes(before, beforeFloating);
        }
    }

    @SuppressWarnings("unchecked")
    private <B extends Batch> Scored score(Predictor<B> p, PredictionInputs<B> inputs) {
        EncoderProvider provider = registry.encoder(model.encoder().id);
        Settings settings = Settings.resolve("encoder '" + model.encoder().id + "'", provider.settings(), model.encoder().settings);
        Encoder<B> encoder = (Encoder<B>) provider.create(settings, inputs.data());
        INDArray params = model.encoderParameters();
        if (encoder.parameterCount() != params.length()) {
            throw new ConfigurationException("the model's encoder '" + model.encoder().id + "' has " + params.length()
                    + " parameters, but the encoder its settings build now has " + encoder.parameterCount()
                    + " (a different plug-in version?)");
        }
        double[][] predictions = p.predict(encoder, params, model.head(), inputs.data());
        return new Scored(predictor.outputNames(), inputs, predictions);
    }
}
