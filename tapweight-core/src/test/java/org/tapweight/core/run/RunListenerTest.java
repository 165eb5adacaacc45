package org.tapweight.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.tapweight.api.listen.StepReport;
import org.tapweight.core.config.PluginRef;
import org.tapweight.core.config.RunConfig;
import org.tapweight.core.wiring.TapWeightModule;

/**
 * The step-listener SPI as the driver uses it: a listener named in the config hears the start (with
 * the step a resumed attempt starts at), every step with the record's numbers, the final metrics, and
 * is closed; listeners change neither the numbers nor the config's fingerprint.
 */
class RunListenerTest {

    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    private static RunConfig config() {
        RunConfig c = ResumeAndRecordTest.config();
        c.outerSteps = 10;
        c.listeners = new ArrayList<>(List.of(PluginRef.of("recording")));
        return c;
    }

    @Test
    void aListenerHearsEveryStepOfAnInterruptedAndResumedRunWithTheRecordsNumbers(@TempDir Path tmp) throws Exception {
        RecordingListenerProvider.HEARD.clear();
        Path dir = tmp.resolve("run");
        assertThat(TapWeightModule.driver(config(), dir).run(false, null, 7)).isNull(); // stopped after 7 steps
        RunDriver.Summary s = TapWeightModule.driver(config(), dir).run(true, null, -1);
        assertThat(RecordingListenerProvider.HEARD).hasSize(2);
        RecordingListenerProvider.Heard first = RecordingListenerProvider.HEARD.get(0);
        RecordingListenerProvider.Heard second = RecordingListenerProvider.HEARD.get(1);
        assertThat(first.start.firstStep()).isZero();
        assertThat(first.steps).extracting(StepReport::step).containsExactly(1, 2, 3, 4, 5, 6, 7);
        assertThat(first.finished).isNull();
        assertThat(first.closed).isEqualTo(1);
        assertThat(second.start.firstStep()).isEqualTo(5); // the checkpoint after step 5
        assertThat(second.steps).extracting(StepReport::step).containsExactly(6, 7, 8, 9, 10);
        assertThat(second.finishedAt).isEqualTo(10);
        assertThat(second.finished.get("test/rmse")).isCloseTo(s.test().get("rmse"), within(0.0));
        assertThat(second.closed).isEqualTo(1);
        assertThat(second.start.objectives()).containsExactly("auxiliary-target", "masked-feature");

        // the numbers heard are the record's (the resumed steps: the record holds those after a resume)
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> recorded = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("run-record.jsonl"))) {
            JsonNode e = json.readTree(line);
            if (e.path("type").asText().equals("step")) {
                recorded.add(e);
            }
        }
        assertThat(recorded).hasSize(10);
        for (StepReport r : second.steps) {
            JsonNode e = recorded.get(r.step() - 1);
            assertThat(r.weights()[1]).isCloseTo(e.path("weights").get(1).asDouble(), within(1e-15));
            assertThat(r.taskLoss()).isCloseTo(e.path("taskLoss").asDouble(), within(1e-15));
            assertThat(r.objectiveLosses()[0]).isCloseTo(e.path("objectiveLosses").get(0).asDouble(), within(1e-15));
            assertThat(Double.isNaN(r.validationLoss())).isEqualTo(e.path("validationLoss").isNull()
                    || Double.isNaN(e.path("validationLoss").asDouble()));
        }
    }

    @Test
    void listenersChangeNeitherTheNumbersNorTheFingerprint(@TempDir Path tmp) {
        RunConfig without = ResumeAndRecordTest.config();
        without.outerSteps = 10;
        assertThat(Provenance.fingerprint(config())).isEqualTo(Provenance.fingerprint(without));
        RunDriver.Summary a = TapWeightModule.driver(config(), tmp.resolve("a")).run(false, null, -1);
        RunDriver.Summary b = TapWeightModule.driver(without, tmp.resolve("b")).run(false, null, -1);
        assertThat(a.weights()).containsExactly(b.weights());
        assertThat(a.test()).isEqualTo(b.test());
    }
}
