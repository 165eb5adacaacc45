package org.tapweight.molecule.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
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
import org.tapweight.molecule.model.GraphBatch;
import org.tapweight.molecule.model.GraphDataset;
import org.tapweight.nn.Vectors;

/**
 * The {@code molecule-csv} task on a user's regression file (ESOL rows under other column names, a
 * split column), and its predictor: what a model file keeps gives, for new molecules, exactly the
 * task's own predictions, in the label's original units.
 */
class CsvMoleculeTaskTest {

    @TempDir
    static Path dir;
    private static Path file;

    @BeforeAll
    static void write() throws IOException {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        List<String> esol = Files.readAllLines(DataFiles.locate("moleculenet/delaney.csv"));
        StringBuilder b = new StringBuilder("name,logS,SMILES,part\n");
        for (int i = 1; i <= 120; i++) {
            String[] f = esol.get(i).split(",");
            String part = i <= 96 ? "train" : i <= 108 ? "Validation" : "TEST";
            b.append("c").append(i).append(',').append(f[1]).append(',').append(f[0]).append(',').append(part).append('\n');
        }
        file = dir.resolve("solubility.csv");
        Files.writeString(file, b);
    }

    private static RunConfig config(Map<String, Object> settings) {
        RunConfig c = new RunConfig();
        Map<String, Object> s = new LinkedHashMap<>(Map.of("file", "solubility.csv", "smilesColumn", "SMILES", "cache", false));
        s.putAll(settings);
        c.task = PluginRef.of("molecule-csv", s);
        c.encoder = PluginRef.of("gin", Map.of("hidden", 8, "layers", 2));
        c.objectives = List.of(PluginRef.of("motif"));
        c.configFolder = dir; // as if the config were beside the file: the path is relative to it
        return c;
    }

    private static AssembledTaskModel<?> task(Map<String, Object> settings) {
        return new RunAssembler(PluginRegistry.load()).assemble(config(settings)).task();
    }

    @Test
    void columnsKindAndTheFilesOwnSplitAreRead() throws IOException {
        AssembledTaskModel<?> t = task(Map.of("labelColumns", "logS", "split", "column", "splitColumn", "part"));
        Map<String, Object> report = t.task().dataReport();
        assertThat(report.get("kind")).isEqualTo("regression");
        assertThat((String) report.get("kindFrom")).contains("inferred", "neither 0 nor 1");
        assertThat(report.get("labels")).isEqualTo(List.of("logS"));
        assertThat(report.get("split")).isEqualTo(Map.of("train", 96, "validation", 12, "test", 12));
        assertThat(t.primaryMetric()).isEqualTo("rmse");
        assertThat(t.task().dataChecksums()).containsOnlyKeys("solubility.csv");
        // data rows 97-108 say "Validation" (case ignored): the validation part, in file order
        GraphDataset validation = (GraphDataset) t.task().data(Split.VALIDATION);
        String row97 = Files.readAllLines(file).get(97);
        assertThat(row97).endsWith(",Validation").contains("," + validation.graph(0).smiles() + ",");
    }

    @Test
    void everyOtherColumnIsALabelUnlessTheyAreNamed() {
        assertThatThrownBy(() -> task(Map.of("split", "column", "splitColumn", "part")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("solubility.csv, line 2, field 'name': 'c1' is not a number");
        assertThatThrownBy(() -> task(Map.of("labelColumns", "logS", "kind", "classification")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("field 'logS'")
                .hasMessageContaining("is not a binary label (0 or 1)");
        assertThatThrownBy(() -> task(Map.of("labelColumns", "SMILES")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("column 'SMILES' cannot be a label and the SMILES column at once");
        assertThatThrownBy(() -> task(Map.of("labelColumns", "logS", "kind", "ordinal")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("setting 'kind' must be auto, classification or regression, got 'ordinal'");
    }

    @Test
    @SuppressWarnings("unchecked")
    void thePredictorFromTheStoredStateGivesTheTasksOwnPredictionsInOriginalUnits() throws IOException {
        AssembledTaskModel<GraphBatch> t = (AssembledTaskModel<GraphBatch>) task(
                Map.of("labelColumns", "logS", "split", "column", "splitColumn", "part"));
        INDArray params = Nd4j.zeros(DataType.DOUBLE, t.layout().size());
        t.initialize(params, 3);
        int e = t.layout().encoderSize();
        INDArray encoder = params.get(Vectors.range(0, e));
        INDArray head = params.get(Vectors.range(e, params.length()));
        LabelledMoleculeTask task = (LabelledMoleculeTask) t.task();
        double[][] own = task.predict(t.encoder(), encoder, head, Split.TEST);

        // the state as a model file keeps it: through JSON and back
        ObjectMapper json = new ObjectMapper();
        Map<String, Object> state = json.readValue(json.writeValueAsBytes(task.predictorState()), Map.class);
        MoleculePredictor predictor = (MoleculePredictor) new CsvMoleculeTaskProvider().predictor(state);
        assertThat(predictor.outputNames()).containsExactly("predicted_logS");

        List<String> lines = new ArrayList<>(List.of("SMILES,note"));
        GraphDataset test = (GraphDataset) task.data(Split.TEST);
        test.graphs().forEach(g -> lines.add("\"" + g.smiles() + "\",x"));
        lines.add(",empty");
        Path input = dir.resolve("new.csv");
        Files.write(input, lines);
        PredictionInputs<GraphBatch> inputs = predictor.read(input);
        assertThat(inputs.rows()).hasSize(13);
        assertThat(inputs.unreadable()).isEqualTo(1);
        assertThat(inputs.rows().get(12).error()).contains("field 'SMILES'", "the SMILES field is empty");
        assertThat(inputs.rows().get(12).line()).isEqualTo(14);
        double[][] scored = predictor.predict((Encoder<GraphBatch>) t.encoder(), encoder, head, inputs.data());
        for (int i = 0; i < own.length; i++) {
            assertThat(scored[i][0]).isCloseTo(own[i][0], within(1e-12));
        }

        // a head of zeros predicts the training mean, in logS units: the standardisation is undone
        double trainSum = java.util.Arrays.stream(((GraphDataset) task.data(Split.TRAIN)).labels()).mapToDouble(r -> r[0]).sum();
        assertThat(trainSum).isCloseTo(0.0, within(1e-9)); // the task holds standardised labels (mean 0)
        double fileMean = 0;
        List<String> esol = Files.readAllLines(file);
        for (int i = 1; i <= 96; i++) {
            fileMean += Double.parseDouble(esol.get(i).split(",")[1]) / 96;
        }
        double[][] zero = predictor.predict((Encoder<GraphBatch>) t.encoder(), encoder, head.mul(0), inputs.data());
        for (double[] row : zero) {
            assertThat(row[0]).isCloseTo(fileMean, within(1e-9));
        }
    }
}
