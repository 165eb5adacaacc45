package org.tapweight.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tapweight.core.config.RunConfig;
import org.tapweight.core.record.Checkpoint;
import org.tapweight.core.record.RunRecord;

/**
 * Real kills of a run in its own JVM, each followed by {@code --resume}, ending bitwise equal to the
 * uninterrupted run: before the first checkpoint, inside a checkpoint write (after the temp file is
 * written, before it replaces the old checkpoint) and at random moments (seeded), several times over
 * one run. Equal means the final checkpoint's every entry byte for byte (parameters, optimiser
 * states, warm starts, lambda) and every result but the wall time.
 */
class KillAndResumeTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path baseline;

    static RunConfig config() {
        RunConfig c = ResumeAndRecordTest.config();
        c.outerSteps = 40;
        c.checkpointEvery = 5;
        c.finetune.epochs = 2;
        return c;
    }

    @BeforeAll
    static void uninterrupted(@TempDir Path tmp) throws Exception {
        baseline = tmp.resolve("whole");
        assertThat(launch(baseline, false, -1, 0).waitFor()).isZero();
    }

    @Test
    void aKillBeforeTheFirstCheckpointResumesToTheSameResult(@TempDir Path tmp) throws Exception {
        assertThat(launch(tmp, false, 3, 0).waitFor()).isEqualTo(137);
        assertThat(tmp.resolve(Checkpoint.FILE_NAME)).doesNotExist();
        assertThat(tmp.resolve(RunRecord.FILE_NAME)).exists();
        assertThat(launch(tmp, true, -1, 0).waitFor()).isZero();
        assertSameAsBaseline(tmp);
    }

    @Test
    void aKillInsideACheckpointWriteResumesToTheSameResult(@TempDir Path tmp) throws Exception {
        assertThat(launch(tmp, false, -1, 2).waitFor()).isEqualTo(137); // inside the second checkpoint write
        assertThat(Checkpoint.step(tmp.resolve(Checkpoint.FILE_NAME))).isEqualTo(5); // the first one, whole
        try (var temps = Files.list(tmp)) {
            assertThat(temps.filter(p -> p.getFileName().toString().endsWith(".tmp")).count()).isEqualTo(1);
        }
        assertThat(launch(tmp, true, -1, 0).waitFor()).isZero();
        assertSameAsBaseline(tmp);
    }

    @Test
    void killsAtRandomMomentsResumeToTheSameResult(@TempDir Path tmp) throws Exception {
        Random random = new Random(20261130L);
        boolean resume = false;
        int kills = 0;
        List<Integer> checkpointSteps = new ArrayList<>();
        while (kills < 4) {
            Process p = launch(tmp, resume, -1, 0);
            int killAfter = random.nextInt(config().outerSteps);
            boolean reached = waitForStep(p, killAfter);
            if (reached) {
                Thread.sleep(random.nextInt(5)); // somewhere inside a later step, a record write or a checkpoint
                p.destroyForcibly();
            }
            if (p.waitFor() == 0) { // it finished before the kill: start over for another one
                deleteAll(tmp);
                resume = false;
                continue;
            }
            kills++;
            checkpointSteps.add(Files.exists(tmp.resolve(Checkpoint.FILE_NAME)) ? Checkpoint.step(tmp.resolve(Checkpoint.FILE_NAME)) : -1);
            resume = true;
        }
        System.out.println("checkpoint steps after the random kills: " + checkpointSteps);
        assertThat(launch(tmp, true, -1, 0).waitFor()).isZero();
        assertSameAsBaseline(tmp);
    }

    // ------------------------------------------------------------------------------------------------

    private static Process launch(Path out, boolean resume, int haltAfterStep, int haltInCheckpointWrite) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx1g", "-Dorg.nd4j.autodiff.samediff=false",
                "-cp", System.getProperty("java.class.path"), KillableRun.class.getName(),
                out.toString(), resume ? "resume" : "fresh", String.valueOf(haltAfterStep), String.valueOf(haltInCheckpointWrite)));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("OMP_NUM_THREADS", "1");
        return pb.start();
    }

    /** Reads the child's output until it reports {@code step}; false if it ended first. */
    private static boolean waitForStep(Process p, int step) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.equals("step " + step)) {
                return true;
            }
        }
        return false;
    }

    private static void assertSameAsBaseline(Path dir) throws IOException {
        assertThat(entries(dir.resolve(Checkpoint.FILE_NAME))).isEqualTo(entries(baseline.resolve(Checkpoint.FILE_NAME)));
        assertThat(results(dir)).isEqualTo(results(baseline));
        List<JsonNode> events = RunRecord.read(dir.resolve(RunRecord.FILE_NAME));
        List<Integer> steps = events.stream().filter(e -> e.path("type").asText().equals("step"))
                .map(e -> e.path("step").asInt()).toList();
        assertThat(steps).containsExactlyElementsOf(IntStream.range(0, config().outerSteps).boxed().toList());
        assertThat(events.stream().filter(e -> e.path("type").asText().equals("start")).count()).isEqualTo(1);
        assertThat(events.stream().filter(e -> e.path("type").asText().equals("end")).count()).isEqualTo(1);
    }

    /** Every entry but meta.json's time-free part, as hex, by name; meta.json holds no times. */
    private static Map<String, String> entries(Path zip) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (InputStream in = Files.newInputStream(zip); ZipInputStream z = new ZipInputStream(in)) {
            for (ZipEntry e = z.getNextEntry(); e != null; e = z.getNextEntry()) {
                out.put(e.getName(), java.util.HexFormat.of().formatHex(z.readAllBytes()));
            }
        }
        return out;
    }

    private static JsonNode results(Path dir) throws IOException {
        ObjectNode r = (ObjectNode) JSON.readTree(dir.resolve(RunDriver.RESULTS_FILE).toFile());
        r.remove("seconds");
        return r;
    }

    private static void deleteAll(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
    }
}
