package org.tapweight.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
import org.tapweight.api.weights.WeightMap;
import org.tapweight.core.assembly.RunAssembler;
import org.tapweight.core.config.PluginRef;
import org.tapweight.core.config.RunConfig;
import org.tapweight.core.engine.DivergenceException;
import org.tapweight.core.engine.TriLevelEngine;
import org.tapweight.core.plugin.PluginRegistry;
import org.tapweight.core.record.Checkpoint;
import org.tapweight.core.record.RunRecord;
import org.tapweight.core.wiring.TapWeightModule;

/** Must-show 6: bad configs fail with clear messages; a NaN loss stops the run and keeps the last checkpoint. */
class FailureTest {

    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    @Test
    void anUnknownStrategyIdNamesTheIdAndTheKnownOnes(@TempDir Path tmp) {
        RunConfig c = ResumeAndRecordTest.config();
        c.levelIII.strategyI = PluginRef.of("newton");
        assertThatThrownBy(() -> TapWeightModule.driver(c, tmp))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("unknown hypergradient strategy 'newton'")
                .hasMessageContaining("cg, exact, identity, neumann, unrolled");
    }

    /** Adam levels used to be refused by unrolled; Adam now comes as preconditioned momentum (SolveContext). */
    @Test
    void unrolledOnAnAdamLevelRunsWithAdamAsPreconditionedMomentum(@TempDir Path tmp) {
        RunConfig c = ResumeAndRecordTest.config(); // Adam on level I
        c.levelIII.strategyI = PluginRef.of("unrolled", Map.of("steps", 3));
        assertThat(TapWeightModule.driver(c, tmp.resolve("a")).run(false, null, 2)).isNull();
        c.levelIII.strategyI = PluginRef.of("unrolled", Map.of("steps", 3, "learningRate", 0.01));
        assertThat(TapWeightModule.driver(c, tmp.resolve("b")).run(false, null, 2)).isNull();
    }

    @Test
    void aNegativeGammaIsRefused() {
        RunConfig c = ResumeAndRecordTest.config();
        c.gamma = -0.5;
        assertThatThrownBy(c::validate).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("gamma must be a finite number >= 0").hasMessageContaining("-0.5");
    }

    @Test
    void aRunWithoutObjectivesIsRefused() {
        RunConfig c = ResumeAndRecordTest.config();
        c.objectives = List.of();
        assertThatThrownBy(c::validate).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("objectives is empty");
    }

    @Test
    void severalProblemsAreReportedTogether() {
        RunConfig c = ResumeAndRecordTest.config();
        c.levelI.batchSize = 0;
        c.levelIII.interval = 0;
        c.levelII.optimizer.type = "rmsprop";
        assertThatThrownBy(c::validate).hasMessageContaining("levelI.batchSize must be >= 1")
                .hasMessageContaining("levelIII.interval must be >= 1")
                .hasMessageContaining("levelII.optimizer.type must be sgd, momentum or adam, got 'rmsprop'");
    }

    @Test
    void anUnknownSettingOfAPluginIsNamed() {
        RunConfig c = ResumeAndRecordTest.config();
        c.levelIII.strategyI = PluginRef.of("cg", Map.of("iters", 3));
        assertThatThrownBy(() -> new RunAssembler(PluginRegistry.load()).assemble(c))
                .hasMessageContaining("hypergradient strategy 'cg' has no setting 'iters'")
                .hasMessageContaining("iterations");
    }

    @Test
    void aConfigFileWithATypoNamesFileLineAndField(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("run.yaml");
        Files.writeString(file, "name: x\nseed: 3\ngama: 0.5\n");
        assertThatThrownBy(() -> RunConfig.read(file)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("run.yaml, line 3").hasMessageContaining("gama");
        Files.writeString(file, "name: x\nouterSteps: many\n");
        assertThatThrownBy(() -> RunConfig.read(file)).hasMessageContaining("line 2").hasMessageContaining("outerSteps");
    }

    @Test
    void aWeightMapThatYieldsNaNFailsNamingTheMapAndLambda() {
        RunConfig c = ResumeAndRecordTest.config();
        RunAssembler.Assembly a = new RunAssembler(PluginRegistry.load()).assemble(c);
        WeightMap broken = new WeightMap() {
            @Override
            public double[] weights(double[] lambda) {
                return new double[] {Double.NaN, 1.0};
            }

            @Override
            public double[] vectorJacobianProduct(double[] lambda, double[] g) {
                return g;
            }

            @Override
            public double[] initialLambda(int objectives) {
                return new double[objectives];
            }
        };
        assertThatThrownBy(() -> new TriLevelEngine(c, a.pretraining(), a.task(), broken, a.strategyI(), a.strategyII()))
                .isInstanceOf(DivergenceException.class)
                .hasMessageContaining("weight map 'softmax' gave non-finite weights [NaN, 1.0]");
    }

    @Test
    void aNaNLossStopsTheRunWithItsStepAndKeepsTheLastGoodCheckpoint(@TempDir Path tmp) throws Exception {
        RunConfig c = ResumeAndRecordTest.config();
        c.checkpointEvery = 5;
        RunAssembler.Assembly a = new RunAssembler(PluginRegistry.load()).assemble(c);
        PretrainingModel poisoned = nanAfter(a.pretraining(), 7 * c.levelI.steps);
        TriLevelEngine engine = new TriLevelEngine(c, poisoned, a.task(), a.weightMap(), a.strategyI(), a.strategyII());
        RunDriver driver = new RunDriver(engine, tmp, RunProvenance.none());
        assertThatThrownBy(() -> driver.run(false, null, -1)).isInstanceOf(DivergenceException.class)
                .hasMessageContaining("outer step 7").hasMessageContaining("level I loss of objective 'auxiliary-target' is NaN");

        // The checkpoint is the one written after step 5 and still loads.
        TriLevelEngine fresh = new TriLevelEngine(c, a.pretraining(), a.task(), a.weightMap(), a.strategyI(), a.strategyII());
        Checkpoint.restore(driver.checkpointFile(), fresh.state(), new Checkpoint.Identity(Provenance.fingerprint(c), Map.of()));
        assertThat(fresh.state().step).isEqualTo(5);
        assertThat(fresh.state().theta.isNaN().any()).isFalse();
        List<JsonNode> events = RunRecord.read(driver.recordFile());
        JsonNode last = events.get(events.size() - 1);
        assertThat(last.path("type").asText()).isEqualTo("error");
        assertThat(last.path("step").asInt()).isEqualTo(7);
    }

    /** Wraps a model so that objective 0's loss is NaN from level-I batch {@code firstBad} on. */
    static PretrainingModel nanAfter(PretrainingModel inner, long firstBad) {
        return RunFaultCorpusTest.scaled(inner, firstBad, l -> Double.NaN);
    }
}
