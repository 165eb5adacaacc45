package org.tapweight.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tapweight.core.TapWeightRun;
import org.tapweight.core.data.DataFiles;
import org.tapweight.core.plugin.PluginRegistry;
import org.tapweight.core.predict.ModelScorer;
import org.tapweight.core.run.RunDriver;
import org.tapweight.core.metrics.BinaryMetrics;

/**
 * A new user's journey with their own molecules (README "Your own data"): a CSV whose columns have
 * their own names and a split column, a config next to it naming the file relative to itself,
 * {@code run} with TapWeight, {@code predict} on held-out rows, and the ROC-AUC of the predictions
 * file computed here; bad inputs each give one line naming the file, line and field.
 */
class OwnDataJourneyTest {

    @TempDir
    static Path project;

    /** 400 training rows (split by the file's own column) and 150 held-out rows, from BBBP, shuffled with a fixed seed. */
    @BeforeAll
    static void writeFiles() throws IOException {
        List<CSVRecord> rows = new ArrayList<>();
        try (Reader r = Files.newBufferedReader(DataFiles.locate("moleculenet/bbbp.csv"))) {
            CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(r).forEach(rows::add);
        }
        Collections.shuffle(rows, new Random(7));
        StringBuilder train = new StringBuilder("Compound,Structure,BBB+,Fold\n");
        for (int i = 0; i < 400; i++) {
            String fold = i < 320 ? "train" : i < 360 ? "valid" : "test";
            train.append("mol-").append(i).append(',').append(quoted(rows.get(i).get("smiles"))).append(',')
                    .append(rows.get(i).get("p_np")).append(',').append(fold).append('\n');
        }
        Files.writeString(project.resolve("molecules.csv"), train);
        StringBuilder held = new StringBuilder("Compound,Structure,BBB+\n");
        for (int i = 400; i < 550; i++) {
            held.append("new-").append(i).append(',').append(quoted(rows.get(i).get("smiles"))).append(',')
                    .append(rows.get(i).get("p_np")).append('\n');
        }
        held.append("broken,C1CC(,1\n");
        Files.writeString(project.resolve("held-out.csv"), held);
        Files.writeString(project.resolve("config.yaml"), """
                name: own-molecules
                mode: TAPWEIGHT
                dataType: float
                outerSteps: 20
                task:
                  id: molecule-csv
                  settings: {file: molecules.csv, smilesColumn: Structure, labelColumns: BBB+, split: column, splitColumn: Fold}
                encoder: {id: gin, settings: {hidden: 32, layers: 2}}
                objectives: [{id: attribute-masking}, {id: motif}]
                levelIII: {interval: 5, strategyI: {id: cg, settings: {iterations: 3, damping: 1.0}}}
                finetune: {epochs: 10, patience: 4}
                """);
    }

    private static String quoted(String field) {
        return field.contains(",") || field.contains("\"") ? "\"" + field.replace("\"", "\"\"") + "\"" : field;
    }

    @Test
    void ownCsvToRunToPredictionsWithTheirRocAuc(@TempDir Path out) throws IOException {
        // the config names molecules.csv relative to itself; the working folder is the module's
        CliTest.Outcome run = CliTest.run("run", "--config", project.resolve("config.yaml").toString(), "--out",
                out.resolve("run").toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("model: " + out.resolve("run").resolve("model.zip"));
        JsonNode start = new ObjectMapper().readTree(Files.readAllLines(out.resolve("run/run-record.jsonl")).get(0));
        JsonNode data = start.path("data");
        assertThat(data.path("split").path("train").asInt()).isEqualTo(320);
        assertThat(data.path("split").path("validation").asInt()).isEqualTo(40);
        assertThat(data.path("split").path("test").asInt()).isEqualTo(40);
        assertThat(data.path("kind").asText()).isEqualTo("classification");
        assertThat(data.path("kindFrom").asText()).contains("inferred", "every label is 0 or 1");
        assertThat(start.path("dataChecksums").has("molecules.csv")).isTrue();

        Path scored = out.resolve("scored.csv");
        CliTest.Outcome predict = CliTest.run("predict", "--model", out.resolve("run/model.zip").toString(), "--input",
                project.resolve("held-out.csv").toString(), "--out", scored.toString());
        assertThat(predict.exitCode()).as(predict.err()).isZero();
        assertThat(predict.out()).contains("scored 150 of 151 rows", "1 row could not be read", "line 152: field 'Structure'");

        List<CSVRecord> rows = new ArrayList<>();
        try (Reader r = Files.newBufferedReader(scored)) {
            CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(r).forEach(rows::add);
        }
        assertThat(rows).hasSize(151);
        assertThat(rows.get(0).getParser().getHeaderNames()).containsExactly("Compound", "Structure", "BBB+", "p_BBB+", "error");
        CSVRecord broken = rows.get(150);
        assertThat(broken.get("p_BBB+")).isEmpty();
        assertThat(broken.get("error")).contains("cannot parse 'C1CC('");
        double[] p = rows.subList(0, 150).stream().mapToDouble(x -> Double.parseDouble(x.get("p_BBB+"))).toArray();
        double[] y = rows.subList(0, 150).stream().mapToDouble(x -> Double.parseDouble(x.get("BBB+"))).toArray();
        assertThat(java.util.Arrays.stream(p).allMatch(v -> v >= 0 && v <= 1)).isTrue();
        double auc = BinaryMetrics.rocAuc(p, y);
        // 320 training molecules, 20 outer steps, 10 epochs: far from a good model, but well above chance
        assertThat(auc).as("ROC-AUC of the predictions file").isGreaterThan(0.65);
    }

    /** README "From Java code": the same journey as a library user writes it (the snippet is checked to be this code). */
    @Test
    void theSameJourneyFromJavaCode(@TempDir Path runs) throws IOException {
        Path myProject = project;
        Path out = runs.resolve("mine");
        // snippet: start
        RunDriver.Summary run = TapWeightRun.of(myProject.resolve("config.yaml"))   // the molecule-csv config above
                .set("outerSteps", "20")
                .outputDir(out)
                .run();
        List<String> objectives = run.objectives();                    // attribute-masking, motif
        double[] weights = run.weights();                              // the learned weights, in that order
        double auc = run.finetuned().test().get("roc_auc");            // test ROC-AUC after the final finetuning
        ModelScorer scorer = ModelScorer.load(out.resolve("model.zip"), PluginRegistry.load());
        ModelScorer.Scored scored = scorer.score(myProject.resolve("held-out.csv"));
        scored.writeCsv(out.resolve("scored.csv"));                    // input columns + p_BBB+ + error
        // snippet: end
        assertThat(objectives).containsExactly("attribute-masking", "motif");
        assertThat(weights[0] + weights[1]).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(auc).isBetween(0.0, 1.0);
        assertThat(scored.inputs().unreadable()).isEqualTo(1);
        assertThat(Files.readAllLines(out.resolve("scored.csv"))).hasSize(152);
    }

    @Test
    void badInputsGiveOneClearLineEach() throws IOException {
        assertOneLine(config("bad-smiles-column", "molecules.csv", "smilesColumn: smiles, labelColumns: BBB+, split: column, splitColumn: Fold"),
                "molecules.csv, line 1: the header has no SMILES column 'smiles'", "columns: [Compound, Structure, BBB+, Fold]");
        assertOneLine(config("bad-label-column", "molecules.csv", "smilesColumn: Structure, labelColumns: BBB, split: column, splitColumn: Fold"),
                "molecules.csv, line 1: the header has no label column 'BBB' (did you mean 'BBB+'?)");
        Files.writeString(project.resolve("words.csv"), "Structure,BBB+\nCCO,1\nCCN,yes\n");
        assertOneLine(config("non-numeric", "words.csv", "smilesColumn: Structure"),
                "words.csv, line 3, field 'BBB+': 'yes' is not a number");
        Files.writeString(project.resolve("empty.csv"), "");
        assertOneLine(config("empty", "empty.csv", "smilesColumn: Structure"), "empty.csv: the file is empty");
        assertOneLine(config("missing", "nowhere.csv", "smilesColumn: Structure"), "nowhere.csv: no such file");
        Files.writeString(project.resolve("bad-fold.csv"), "Structure,BBB+,Fold\nCCO,1,train\nCCN,0,later\n");
        assertOneLine(config("bad-fold", "bad-fold.csv", "smilesColumn: Structure, split: column, splitColumn: Fold"),
                "bad-fold.csv, line 3, field 'Fold': 'later' is not a part");
    }

    private static Path config(String name, String file, String settings) throws IOException {
        Path c = project.resolve(name + ".yaml");
        Files.writeString(c, "name: " + name + "\nmode: FIXED\nouterSteps: 1\ntask: {id: molecule-csv, settings: {file: " + file
                + ", " + settings + "}}\nencoder: {id: gin}\nobjectives: [{id: motif}]\n");
        return c;
    }

    private static void assertOneLine(Path config, String... expected) {
        CliTest.Outcome o = CliTest.run("run", "--config", config.toString(), "--out", config.resolveSibling("out-" + config.getFileName()).toString());
        assertThat(o.exitCode()).as(o.err()).isEqualTo(2);
        assertThat(o.err().strip().lines().count()).as(o.err()).isEqualTo(1);
        assertThat(o.err()).contains(expected);
    }
}
