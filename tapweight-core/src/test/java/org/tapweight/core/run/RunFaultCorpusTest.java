package org.tapweight.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tapweight.core.record.RunProvenance;
import org.tapweight.api.model.Noise;
import org.tapweight.api.model.ParameterLayout;
import org.tapweight.api.model.PretrainingModel;
import org.tapweight.api.plugin.ConfigurationException;
import org.tapweight.core.assembly.RunAssembler;
import org.tapweight.core.config.OptimizerConfig;
import org.tapweight.core.config.RunConfig;
import org.tapweight.core.engine.DivergenceException;
import org.tapweight.core.engine.TriLevelEngine;
import org.tapweight.core.plugin.PluginRegistry;
import org.tapweight.core.record.Checkpoint;
import org.tapweight.core.record.RunRecord;
import org.tapweight.core.wiring.TapWeightModule;

/**
 * Issue 12's fault corpus for runs: divergence before NaN, damaged checkpoints, changed data on
 * resume, and records that stay true through resume, extension, a lost record and a kill before the
 * first checkpoint. Each case asserts a clear error naming the file or step, or an exact resume.
 */
class RunFaultCorpusTest {

    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    private static RunConfig config() {
        return ResumeAndRecordTest.config();
    }

    // --- divergence -------------------------------------------------------------------------------

    @Test
    void aLossThatGrowsAThousandfoldStopsTheRunBeforeItIsNaN(@TempDir Path tmp) {
        RunConfig c = config();
        c.checkpointEvery = 5;
        RunAssembler.Assembly a = new RunAssembler(PluginRegistry.load()).assemble(c);
        // from outer step 12 on, objective 0's loss is 1e4 times what it would be (finite throughout)
        PretrainingModel grows = scaled(a.pretraining(), 12L * c.levelI.steps, l -> l * 1e4);
        TriLevelEngine engine = new TriLevelEngine(c, grows, a.task(), a.weightMap(), a.strategyI(), a.strategyII());
        RunDriver driver = new RunDriver(engine, tmp, RunProvenance.none());
        assertThatThrownBy(() -> driver.run(false, null, -1)).isInstanceOf(DivergenceException.class)
                .hasMessageContaining("outer step 12")
                .hasMessageContaining("level I loss of objective 'auxiliary-target'")
                .hasMessageContaining("more than 1000 times its early level")
                .hasMessageContaining("divergence.lossMultiple");
        assertThat(Checkpoint.step(driver.checkpointFile())).isEqualTo(10);
        JsonNode error = last(driver.recordFile());
        assertThat(error.path("type").asText()).isEqualTo("error");
        assertThat(error.path("lastCheckpointStep").asInt()).isEqualTo(10);
        assertThat(tmp.resolve("." + Checkpoint.FILE_NAME + ".pending")).doesNotExist();
    }

    /**
     * The checkpoint due after step 10 is written only once step 11's losses (the first measured on
     * that state) pass the guard: a blow-up visible first at step 10 leaves the checkpoint of step 5.
     */
    @Test
    void aCheckpointWhoseStateAlreadyBlewUpIsNeverWritten(@TempDir Path tmp) {
        RunConfig c = config();
        c.checkpointEvery = 5;
        RunAssembler.Assembly a = new RunAssembler(PluginRegistry.load()).assemble(c);
        PretrainingModel grows = scaled(a.pretraining(), 10L * c.levelI.steps, l -> l * 1e4);
        TriLevelEngine engine = new TriLevelEngine(c, grows, a.task(), a.weightMap(), a.strategyI(), a.strategyII());
        RunDriver driver = new RunDriver(engine, tmp, RunProvenance.none());
        assertThatThrownBy(() -> driver.run(false, null, -1)).hasMessageContaining("outer step 10");
        assertThat(Checkpoint.step(driver.checkpointFile())).isEqualTo(5);
    }

    /** The probe's case: plain SGD at learning rate 30 sent level-I losses to 1e145 and ended "normally". */
    @Test
    void aTooLargeLearningRateIsCaughtAsDivergenceLongBeforeOverflow(@TempDir Path tmp) throws IOException {
        RunConfig c = config();
        c.levelI = org.tapweight.core.config.LevelConfig.of(2, 16, OptimizerConfig.sgd(30));
        c.outerSteps = 200;
        RunDriver driver = TapWeightModule.driver(c, tmp);
        assertThatThrownBy(() -> driver.run(false, null, -1)).isInstanceOf(DivergenceException.class)
                .hasMessageContaining("times its early level");
        JsonNode error = last(driver.recordFile());
        double worst = RunRecord.read(driver.recordFile()).stream().filter(e -> e.path("type").asText().equals("step"))
                .flatMap(e -> java.util.stream.StreamSupport.stream(e.path("objectiveLosses").spliterator(), false))
                .mapToDouble(JsonNode::asDouble).max().orElseThrow();
        assertThat(worst).isLessThan(1e6); // the recorded steps never reached the probe's 1e145
        assertThat(error.path("message").asText()).doesNotContain("NaN");
    }

    @Test
    void aNonFiniteGradientWithAFiniteLossStopsTheRun(@TempDir Path tmp) {
        RunConfig c = config();
        RunAssembler.Assembly a = new RunAssembler(PluginRegistry.load()).assemble(c);
        PretrainingModel badGradient = new Scaled(a.pretraining(), 6L * c.levelI.steps, l -> l) {
            @Override
            public double[] evaluate(INDArray params, long batchIndex, Noise noise, double[] coeff, INDArray gradOut) {
                double[] l = super.evaluate(params, batchIndex, noise, coeff, gradOut);
                if (gradOut != null && batchIndex >= firstBad) {
                    gradOut.putScalar(0, Double.POSITIVE_INFINITY);
                }
                return l;
            }
        };
        TriLevelEngine engine = new TriLevelEngine(c, badGradient, a.task(), a.weightMap(), a.strategyI(), a.strategyII());
        assertThatThrownBy(() -> new RunDriver(engine, tmp, RunProvenance.none()).run(false, null, -1))
                .isInstanceOf(DivergenceException.class)
                .hasMessageContaining("outer step 6").hasMessageContaining("the level I gradient is not finite");
    }

    @Test
    void theGuardCanBeLoosenedWithoutChangingTheFingerprint() {
        RunConfig c = config();
        RunConfig loose = config();
        loose.divergence = new org.tapweight.core.config.DivergenceConfig();
        loose.divergence.lossMultiple = 1e9;
        assertThat(Provenance.fingerprint(loose)).isEqualTo(Provenance.fingerprint(c));
        loose.divergence.referenceSteps = 0;
        assertThatThrownBy(loose::validate).hasMessageContaining("divergence.referenceSteps must be >= 1");
    }

    // --- checkpoints and data -----------------------------------------------------------------------

    @Test
    void aCheckpointMissingAnEntryIsRefusedNamingTheFileAndEntry(@TempDir Path tmp) throws IOException {
        Path dir = interruptedRun(tmp);
        Path file = dir.resolve(Checkpoint.FILE_NAME);
        // cut exactly at an entry boundary: the zip reads cleanly, the warm start is gone
        rewriteZip(file, (name, bytes) -> name.equals("warmI.nd4j") ? null : new Entry(name, bytes));
        assertResumeRefused(dir, "checkpoint.zip: the checkpoint is damaged", "entry 'warmI.nd4j' is missing");
    }

    @Test
    void aCheckpointWithARenamedEntryIsRefused(@TempDir Path tmp) throws IOException {
        Path dir = interruptedRun(tmp);
        rewriteZip(dir.resolve(Checkpoint.FILE_NAME),
                (name, bytes) -> new Entry(name.equals("warmI.nd4j") ? "warm1.nd4j" : name, bytes));
        assertResumeRefused(dir, "checkpoint.zip: the checkpoint is damaged", "'warmI.nd4j' is missing");
    }

    @Test
    void aCheckpointWithAnAlteredEntryIsRefused(@TempDir Path tmp) throws IOException {
        Path dir = interruptedRun(tmp);
        rewriteZip(dir.resolve(Checkpoint.FILE_NAME), (name, bytes) -> {
            if (name.equals("theta.nd4j")) {
                bytes[bytes.length - 1] ^= 0x10; // a consistent zip around a changed parameter
            }
            return new Entry(name, bytes);
        });
        assertResumeRefused(dir, "the checkpoint is damaged", "'theta.nd4j' does not match its SHA-256");
    }

    @Test
    void aCheckpointWithAFlippedByteOrATruncationIsRefusedNamingTheFile(@TempDir Path tmp) throws IOException {
        Path dir = interruptedRun(tmp);
        Path file = dir.resolve(Checkpoint.FILE_NAME);
        byte[] good = Files.readAllBytes(file);
        byte[] flipped = good.clone();
        flipped[flipped.length / 2] ^= 0x01;
        Files.write(file, flipped);
        assertResumeRefused(dir, "checkpoint.zip: the checkpoint is damaged");
        Files.write(file, java.util.Arrays.copyOf(good, good.length / 3));
        assertResumeRefused(dir, "checkpoint.zip: the checkpoint is damaged");
    }

    @Test
    void resumingOnChangedDataIsRefusedNamingTheFile(@TempDir Path tmp) {
        RunConfig c = config();
        driverWithData(c, tmp, Map.of("molecules.csv", "aaaa1111", "tokenizer.json", "bbbb")).run(false, null, 13);
        assertThatThrownBy(() -> driverWithData(c, tmp, Map.of("molecules.csv", "cccc2222", "tokenizer.json", "bbbb"))
                .run(true, null, -1))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("checkpoint.zip was written for different data")
                .hasMessageContaining("molecules.csv: aaaa1111 -> cccc2222")
                .hasMessageNotContaining("tokenizer.json");
        // the same data resumes
        assertThat(driverWithData(c, tmp, Map.of("molecules.csv", "aaaa1111", "tokenizer.json", "bbbb"))
                .run(true, null, -1)).isNotNull();
    }

    // --- records that stay true --------------------------------------------------------------------

    @Test
    void extendingAFinishedRunReplacesItsFinalEventsAndRecordsTheNewHorizon(@TempDir Path tmp) throws IOException {
        RunConfig c = config();
        c.finetune.epochs = 3;
        RunDriver.Summary first = TapWeightModule.driver(c, tmp).run(false, null, -1);
        c.outerSteps = 30;
        RunDriver.Summary extended = TapWeightModule.driver(c, tmp).run(true, null, -1);
        assertThat(extended.steps()).isEqualTo(30);

        List<JsonNode> events = RunRecord.read(tmp.resolve(RunRecord.FILE_NAME));
        assertThat(count(events, "start")).isEqualTo(1);
        assertThat(count(events, "finetune")).isEqualTo(1);
        assertThat(count(events, "end")).isEqualTo(1);
        assertThat(steps(events)).containsExactlyElementsOf(IntStream.range(0, 30).boxed().toList());
        JsonNode resume = events.stream().filter(e -> e.path("type").asText().equals("resume")).findFirst().orElseThrow();
        assertThat(resume.path("fromStep").asInt()).isEqualTo(24);
        assertThat(resume.path("outerSteps").asInt()).isEqualTo(30);
        JsonNode end = last(tmp.resolve(RunRecord.FILE_NAME));
        assertThat(end.path("steps").asInt()).isEqualTo(30);
        assertThat(end.path("finetuned").path("test")).isEqualTo(
                events.stream().filter(e -> e.path("type").asText().equals("finetune")).findFirst().orElseThrow().path("test"));
        assertThat(first.test()).isNotEqualTo(extended.test());
    }

    @Test
    void aRecordDeletedBeforeResumeGetsAStartEventThatSaysWhatIsMissing(@TempDir Path tmp) throws IOException {
        TapWeightModule.driver(config(), tmp).run(false, null, 13);
        Files.delete(tmp.resolve(RunRecord.FILE_NAME));
        TapWeightModule.driver(config(), tmp).run(true, null, -1);
        List<JsonNode> events = RunRecord.read(tmp.resolve(RunRecord.FILE_NAME));
        assertThat(events.get(0).path("type").asText()).isEqualTo("start");
        assertThat(events.get(0).path("recordRecreated").asText()).contains("steps before 10 are not in it");
        assertThat(events.get(0).path("configFingerprint").asText()).isEqualTo(Provenance.fingerprint(config()));
        assertThat(steps(events)).containsExactlyElementsOf(IntStream.range(10, 24).boxed().toList());
    }

    @Test
    void aRunStoppedBeforeItsFirstCheckpointStartsAgainOnResumeAndEndsExactlyAsAWholeRun(@TempDir Path tmp) throws IOException {
        RunDriver.Summary whole = TapWeightModule.driver(config(), tmp.resolve("whole")).run(false, null, -1);
        Path dir = tmp.resolve("split");
        TapWeightModule.driver(config(), dir).run(false, null, 3); // checkpointEvery 5: none written
        assertThat(dir.resolve(Checkpoint.FILE_NAME)).doesNotExist();
        RunDriver.Summary again = TapWeightModule.driver(config(), dir).run(true, null, -1);
        assertThat(again.weights()).containsExactly(whole.weights());
        assertThat(again.test()).isEqualTo(whole.test());
        List<JsonNode> events = RunRecord.read(dir.resolve(RunRecord.FILE_NAME));
        assertThat(count(events, "start")).isEqualTo(1);
        assertThat(events.get(0).path("restarted").asText()).contains("before its first checkpoint");
        assertThat(steps(events)).containsExactlyElementsOf(IntStream.range(0, 24).boxed().toList());
    }

    // --- metrics that cannot be computed ------------------------------------------------------------

    @Test
    void aMetricThatCannotBeComputedIsListedAsUndefinedWithItsReason(@TempDir Path tmp) throws IOException {
        RunConfig c = config();
        c.outerSteps = 4;
        RunAssembler.Assembly a = new RunAssembler(PluginRegistry.load()).assemble(c);
        org.tapweight.api.model.TaskModel inner = a.task();
        org.tapweight.api.model.TaskModel constant = TaskModels.withMetrics(inner, (params, split) -> { // constant predictions
            Map<String, Double> m = new java.util.LinkedHashMap<>(inner.metrics(params, split));
            m.put("pearson", org.tapweight.core.metrics.RegressionMetrics.pearson(new double[] {1, 1, 1}, new double[] {1, 2, 3}));
            return m;
        });
        TriLevelEngine engine = new TriLevelEngine(c, a.pretraining(), constant, a.weightMap(), a.strategyI(), a.strategyII());
        new RunDriver(engine, tmp, RunProvenance.none()).run(false, null, -1);
        JsonNode end = last(tmp.resolve(RunRecord.FILE_NAME));
        assertThat(end.path("undefinedMetrics").path("test.pearson").asText()).contains("undefined on this split");
        assertThat(end.path("undefinedMetrics").path("validation.pearson").asText()).contains("predicts one value");
        assertThat(end.path("undefinedMetrics").has("test.rmse")).isFalse();
        assertThat(org.tapweight.core.metrics.UndefinedMetrics.text(end.path("test").path("pearson").asDouble(Double.NaN)))
                .isEqualTo("undefined");
        assertThat(org.tapweight.core.metrics.UndefinedMetrics.text(0.12345)).isEqualTo("0.1235");
    }

    // --- evaluation protocols -----------------------------------------------------------------------

    @Test
    void extraFinetuningProtocolsAreRecordedEachOnItsOwn(@TempDir Path tmp) throws IOException {
        RunConfig c = config();
        c.finetune.epochs = 3;
        org.tapweight.core.config.FinetuneConfig.Protocol probe = new org.tapweight.core.config.FinetuneConfig.Protocol();
        probe.name = "probe";
        probe.frozenEncoder = true;
        org.tapweight.core.config.FinetuneConfig.Protocol shortRun = new org.tapweight.core.config.FinetuneConfig.Protocol();
        shortRun.name = "short";
        shortRun.epochs = 1;
        c.finetune.extraProtocols = List.of(probe, shortRun);
        TapWeightModule.driver(c, tmp).run(false, null, -1);
        List<JsonNode> events = RunRecord.read(tmp.resolve(RunRecord.FILE_NAME));
        assertThat(events.stream().filter(e -> e.path("type").asText().equals("finetune")).map(e -> e.path("protocol").asText("main")))
                .containsExactly("main", "probe", "short");
        JsonNode end = last(tmp.resolve(RunRecord.FILE_NAME));
        assertThat(end.path("protocols").path("probe").path("test").has("rmse")).isTrue();
        assertThat(end.path("protocols").path("short").path("bestEpoch").asInt()).isEqualTo(1);
        assertThat(end.path("protocols").path("probe").path("test").path("rmse").asDouble())
                .isNotEqualTo(end.path("finetuned").path("test").path("rmse").asDouble());

        probe.learningRate = 0.01; // a protocol's own learning rate; the main finetuning's stays
        assertThat(c.finetune.variant(probe).optimizer.learningRate).isEqualTo(0.01);
        assertThat(c.finetune.variant(shortRun).optimizer.learningRate).isEqualTo(c.finetune.optimizer.learningRate);
        assertThat(c.finetune.optimizer.learningRate).isNotEqualTo(0.01);
        probe.learningRate = -1.0;
        assertThatThrownBy(c::validate).hasMessageContaining("finetune.extraProtocols[0].learningRate must be a finite number > 0");
        probe.learningRate = null;
        probe.seeds = 4;
        assertThat(c.finetune.variant(probe).seedsOrDefault()).isEqualTo(4);
        assertThat(c.finetune.variant(shortRun).seedsOrDefault()).isEqualTo(c.finetune.seedsOrDefault());
        probe.seeds = null;

        RunConfig twice = config();
        twice.finetune.extraProtocols = List.of(probe, probe);
        assertThatThrownBy(twice::validate).hasMessageContaining("finetune.extraProtocols[1].name 'probe' is given twice");
    }

    /** Several finetuning seeds: results.json holds their means and each run, for every protocol. */
    @Test
    void finetuningSeedsAreRecordedWithTheirMeans(@TempDir Path tmp) throws IOException {
        RunConfig c = config();
        c.finetune.epochs = 2;
        c.finetune.seeds = 3;
        org.tapweight.core.config.FinetuneConfig.Protocol probe = new org.tapweight.core.config.FinetuneConfig.Protocol();
        probe.name = "probe";
        probe.frozenEncoder = true;
        c.finetune.extraProtocols = List.of(probe);
        TapWeightModule.driver(c, tmp).run(false, null, -1);
        JsonNode results = new com.fasterxml.jackson.databind.ObjectMapper().readTree(tmp.resolve(RunDriver.RESULTS_FILE).toFile());
        for (JsonNode f : List.of(results.path("finetuned"), results.path("protocols").path("probe"))) {
            assertThat(f.path("repeats")).hasSize(3);
            double sum = 0;
            for (JsonNode r : f.path("repeats")) {
                sum += r.path("test").path("rmse").asDouble();
            }
            assertThat(f.path("test").path("rmse").asDouble()).isCloseTo(sum / 3, org.assertj.core.api.Assertions.within(1e-12));
        }
        RunConfig none = config();
        none.finetune.seeds = 0;
        assertThatThrownBy(none::validate).hasMessageContaining("finetune.seeds must be >= 1");
    }

    @Test
    void aResumeWhoseCheckpointWentMissingAfterManyStepsIsRefusedNotRestarted(@TempDir Path tmp) throws IOException {
        TapWeightModule.driver(config(), tmp).run(false, null, 13); // checkpoint of step 10 written
        Files.delete(tmp.resolve(Checkpoint.FILE_NAME));
        assertThatThrownBy(() -> TapWeightModule.driver(config(), tmp).run(true, null, -1))
                .hasMessageContaining("holds 13 steps, so a checkpoint was written").hasMessageContaining("is missing");
        assertThat(steps(RunRecord.read(tmp.resolve(RunRecord.FILE_NAME)))).hasSize(13); // the record is kept
    }

    @Test
    void anExtraProtocolThatCannotGiveAResultIsRecordedAndTheRunStillEnds(@TempDir Path tmp) throws IOException {
        RunConfig c = config();
        c.outerSteps = 4;
        c.finetune.epochs = 2;
        org.tapweight.core.config.FinetuneConfig.Protocol probe = new org.tapweight.core.config.FinetuneConfig.Protocol();
        probe.name = "probe";
        probe.frozenEncoder = true;
        c.finetune.extraProtocols = List.of(probe);
        RunAssembler.Assembly a = new RunAssembler(PluginRegistry.load()).assemble(c);
        // metrics are defined for the run's end (2 calls) and the main finetuning (2 epochs + validation + test),
        // then undefined: the probe's metric is NaN in every epoch
        int[] calls = {0};
        org.tapweight.api.model.TaskModel inner = a.task();
        org.tapweight.api.model.TaskModel fading = TaskModels.withMetrics(inner,
                (params, split) -> ++calls[0] <= 6 ? inner.metrics(params, split) : Map.of("rmse", Double.NaN));
        TriLevelEngine engine = new TriLevelEngine(c, a.pretraining(), fading, a.weightMap(), a.strategyI(), a.strategyII());
        new RunDriver(engine, tmp, RunProvenance.none()).run(false, null, -1);
        JsonNode end = last(tmp.resolve(RunRecord.FILE_NAME));
        assertThat(end.path("type").asText()).isEqualTo("end");
        assertThat(end.path("finetuned").path("test").path("rmse").isNumber()).isTrue();
        assertThat(end.path("protocols").path("probe").path("failed").asText()).contains("undefined (NaN) in all");
        assertThat(tmp.resolve(RunDriver.RESULTS_FILE)).exists();

        RunConfig none = config();
        none.finetune.extraProtocols = List.of(probe);
        assertThatThrownBy(none::validate).hasMessageContaining("has no epochs and finetune.epochs is 0");
    }

    // --- helpers -------------------------------------------------------------------------------------

    private static Path interruptedRun(Path tmp) {
        TapWeightModule.driver(config(), tmp).run(false, null, 13); // checkpoint at step 10, with CG warm starts
        return tmp;
    }

    private static void assertResumeRefused(Path dir, String... messageParts) {
        var thrown = assertThatThrownBy(() -> TapWeightModule.driver(config(), dir).run(true, null, -1))
                .isInstanceOf(ConfigurationException.class);
        for (String part : messageParts) {
            thrown.hasMessageContaining(part);
        }
    }

    private static RunDriver driverWithData(RunConfig c, Path dir, Map<String, String> checksums) {
        RunAssembler.Assembly a = new RunAssembler(PluginRegistry.load()).assemble(c);
        TriLevelEngine engine = new TriLevelEngine(c, a.pretraining(), a.task(), a.weightMap(), a.strategyI(), a.strategyII());
        return new RunDriver(engine, dir, RunProvenance.none().withDataChecksums(checksums));
    }

    private record Entry(String name, byte[] bytes) {
    }

    private static void rewriteZip(Path file, java.util.function.BiFunction<String, byte[], Entry> edit) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (InputStream in = Files.newInputStream(file); ZipInputStream zin = new ZipInputStream(in);
             ZipOutputStream zout = new ZipOutputStream(out)) {
            for (ZipEntry e = zin.getNextEntry(); e != null; e = zin.getNextEntry()) {
                Entry kept = edit.apply(e.getName(), zin.readAllBytes());
                if (kept != null) {
                    zout.putNextEntry(new ZipEntry(kept.name()));
                    zout.write(kept.bytes());
                    zout.closeEntry();
                }
            }
        }
        try (OutputStream o = Files.newOutputStream(file)) {
            o.write(out.toByteArray());
        }
    }

    private static JsonNode last(Path record) {
        try {
            List<JsonNode> events = RunRecord.read(record);
            return events.get(events.size() - 1);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static long count(List<JsonNode> events, String type) {
        return events.stream().filter(e -> e.path("type").asText().equals(type)).count();
    }

    private static List<Integer> steps(List<JsonNode> events) {
        return events.stream().filter(e -> e.path("type").asText().equals("step")).map(e -> e.path("step").asInt()).toList();
    }

    static PretrainingModel scaled(PretrainingModel inner, long firstBad, UnaryOperator<Double> loss) {
        return new Scaled(inner, firstBad, loss);
    }

    /** Objective 0's loss (not its gradient) transformed from level-I batch {@code firstBad} on. */
    private static class Scaled implements PretrainingModel {
        final PretrainingModel inner;
        final long firstBad;
        final UnaryOperator<Double> loss;

        Scaled(PretrainingModel inner, long firstBad, UnaryOperator<Double> loss) {
            this.inner = inner;
            this.firstBad = firstBad;
            this.loss = loss;
        }

        @Override
        public ParameterLayout layout() {
            return inner.layout();
        }

        @Override
        public List<String> objectiveIds() {
            return inner.objectiveIds();
        }

        @Override
        public void initialize(INDArray params, long seed) {
            inner.initialize(params, seed);
        }

        @Override
        public double[] evaluate(INDArray params, long batchIndex, Noise noise, double[] coeff, INDArray gradOut) {
            double[] l = inner.evaluate(params, batchIndex, noise, coeff, gradOut);
            if (batchIndex >= firstBad) {
                l[0] = loss.apply(l[0]);
            }
            return l;
        }
    }
}
