package org.tapweight.core.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tapweight.core.TapWeightRun;

/** Records read back with types: this build's, the committed schema-1 records, and a refused future schema. */
class RunHistoryTest {

    @Test
    void aNewRecordReadsBackAsTheStepsTheEngineReported(@TempDir Path tmp) {
        java.util.List<org.tapweight.core.engine.StepResult> reported = new java.util.ArrayList<>();
        TapWeightRun.of(Path.of("..", "examples", "synthetic-tapweight.yaml")).set("outerSteps", "4").outputDir(tmp)
                .onStep((r, e) -> reported.add(r)).run();
        RunHistory h = RunHistory.read(tmp.resolve(RunRecord.FILE_NAME));
        assertThat(h.schema()).isEqualTo(RecordSchema.VERSION);
        assertThat(h.steps()).hasSize(4);
        for (int i = 0; i < 4; i++) {
            assertThat(h.steps().get(i).weights()).containsExactly(reported.get(i).weights());
            assertThat(h.steps().get(i).objectiveLosses()).containsExactly(reported.get(i).objectiveLosses());
            assertThat(h.steps().get(i).hypergradient()).containsExactly(reported.get(i).hypergradient());
            assertThat(h.steps().get(i).residualI()).isEqualTo(reported.get(i).residualI());
        }
        assertThat(h.end()).isNotNull();
    }

    /** A record of the positive-control bench, written before the schema field existed. */
    @Test
    void aCommittedSchemaOneRecordStillReads() {
        Path old = Path.of("..", "results", "bench-positive-control", "cells", "bbbp", "uniform", "seed-1", RunRecord.FILE_NAME);
        RunHistory h = RunHistory.read(old);
        assertThat(h.schema()).isEqualTo(1);
        assertThat(h.steps()).hasSize(300);
        assertThat(h.steps().get(299).weights()).hasSize(6);
        assertThat(h.steps().get(0).taskLoss()).isPositive();
    }

    @Test
    void aNewerSchemaIsRefusedWithBothVersions(@TempDir Path tmp) throws Exception {
        Path future = tmp.resolve("future.jsonl");
        Files.writeString(future, "{\"type\":\"start\",\"schema\":" + (RecordSchema.VERSION + 1) + "}\n");
        assertThatThrownBy(() -> RunHistory.read(future)).hasMessageContaining("schema-" + (RecordSchema.VERSION + 1))
                .hasMessageContaining("schemas 1 to " + RecordSchema.VERSION);
    }
}
