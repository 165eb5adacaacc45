package org.tapweight.tensorboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tapweight.api.listen.RunListener;
import org.tapweight.api.listen.RunStart;
import org.tapweight.api.listen.StepReport;
import org.tapweight.api.plugin.Settings;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.exceptions.TFOutOfRangeException;
import org.tensorflow.op.Ops;
import org.tensorflow.op.io.FifoQueue;
import org.tensorflow.op.io.QueueClose;
import org.tensorflow.op.io.QueueEnqueue;
import org.tensorflow.op.io.ReaderRead;
import org.tensorflow.proto.Event;
import org.tensorflow.proto.Summary;
import org.tensorflow.types.TString;

/**
 * The listener's event files read back with TensorBoard's own format stack: TensorFlow's TFRecord
 * reader ({@code TFRecordReader}, which checks both CRCs of every record) and TensorFlow's
 * {@code Event} protobuf class.
 * The listener is driven as the run driver drives it (a start, steps, the end, close); that the
 * driver does so with a real run's numbers is {@code RunListenerTest}'s part (tapweight-core), and
 * {@code check-tensorboard.sh} reads a real run's file the same way.
 */
class TensorBoardListenerTest {

    /** Every event in a file, as TensorFlow reads it. */
    static List<Event> readWithTensorFlow(Path file) throws Exception {
        List<Event> events = new ArrayList<>();
        try (Graph graph = new Graph(); Session session = new Session(graph)) {
            Ops tf = Ops.create(graph);
            FifoQueue files = tf.io.fifoQueue(List.of(TString.class));
            QueueEnqueue enqueue = tf.io.queueEnqueue(files, List.of(tf.constant(file.toString())));
            QueueClose close = tf.io.queueClose(files);
            ReaderRead read = tf.io.readerRead(tf.io.tfRecordReader(), files);
            session.run(enqueue);
            session.run(close);
            while (true) {
                try (Result r = session.runner().fetch(read.value()).run()) {
                    TString bytes = (TString) r.get(0);
                    events.add(Event.parseFrom(bytes.asBytes().getObject()));
                } catch (TFOutOfRangeException end) { // the queue is closed and its one file read to the end
                    return events;
                }
            }
        }
    }

    /** A step's scalars by tag, from one file. */
    static Map<Long, Map<String, Float>> scalarsByStep(List<Event> events) {
        Map<Long, Map<String, Float>> byStep = new LinkedHashMap<>();
        for (Event e : events.subList(1, events.size())) {
            Map<String, Float> values = byStep.computeIfAbsent(e.getStep(), k -> new LinkedHashMap<>());
            for (Summary.Value v : e.getSummary().getValueList()) {
                values.put(v.getTag(), v.getSimpleValue());
            }
        }
        return byStep;
    }

    private static RunListener listener(Path run) {
        TensorBoardListenerProvider p = new TensorBoardListenerProvider();
        return p.create(Settings.resolve("listener", p.settings(), Map.of("flushEvery", 3)), run);
    }

    private static StepReport step(int k) {
        boolean update = k % 4 == 0;
        return new StepReport(k, List.of("mlm", "simcse"), new double[] {0.5 + 0.01 * k, 0.5 - 0.01 * k},
                new double[] {3.0 - 0.1 * k, 1.5}, 0.7 / k, update ? 0.9 - 0.01 * k : Double.NaN,
                update ? 0.25 : Double.NaN, new double[] {12.5, 3.0, update ? 40.0 : 0.0});
    }

    @Test
    void stepsAndFinalMetricsAreReadBackByTensorFlow(@TempDir Path run) throws Exception {
        try (RunListener l = listener(run)) {
            l.started(new RunStart("tb", 1, "TAPWEIGHT", List.of("mlm", "simcse"), 0, 8, run));
            for (int k = 1; k <= 8; k++) {
                l.step(step(k));
            }
            l.finished(8, Map.of("test/rmse", 0.81, "finetuned/test/rmse", 0.75, "validation/undefined", Double.NaN));
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(run.resolve("tensorboard"))) {
            files = s.toList();
        }
        assertThat(files).hasSize(1);
        assertThat(files.get(0).getFileName().toString()).startsWith("events.out.tfevents.");
        List<Event> events = readWithTensorFlow(files.get(0));
        assertThat(events.get(0).getFileVersion()).isEqualTo("brain.Event:2");
        assertThat(events).hasSize(1 + 8 + 1); // the version, one per step, the final metrics
        Map<Long, Map<String, Float>> byStep = scalarsByStep(events);
        assertThat(byStep.keySet()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
        Map<String, Float> first = byStep.get(1L);
        assertThat(first).containsEntry("weight/mlm", 0.51f).containsEntry("weight/simcse", 0.49f)
                .containsEntry("loss/mlm", 2.9f).containsEntry("loss/task", 0.7f).containsEntry("time/level_I_ms", 12.5f)
                .doesNotContainKeys("loss/validation", "hypergradient/norm"); // NaN: no level-III update in step 1
        assertThat(byStep.get(4L)).containsEntry("loss/validation", 0.86f).containsEntry("hypergradient/norm", 0.25f);
        assertThat(byStep.get(8L)).containsEntry("final/test/rmse", 0.81f).containsEntry("final/finetuned/test/rmse", 0.75f)
                .doesNotContainKey("final/validation/undefined");
        assertThat(events.get(3).getWallTime()).isGreaterThan(1.7e9); // seconds since 1970, as TensorBoard plots them
    }

    @Test
    void aResumedAttemptWritesItsOwnFile(@TempDir Path run) throws Exception {
        try (RunListener l = listener(run)) {
            l.started(new RunStart("tb", 1, "TAPWEIGHT", List.of("mlm", "simcse"), 0, 8, run));
            l.step(step(1));
        }
        try (RunListener l = listener(run)) {
            l.started(new RunStart("tb", 1, "TAPWEIGHT", List.of("mlm", "simcse"), 1, 8, run));
            l.step(step(2));
        }
        try (Stream<Path> s = Files.list(run.resolve("tensorboard"))) {
            List<Path> files = s.sorted().toList();
            assertThat(files).hasSize(2);
            List<Event> resumed = readWithTensorFlow(files.get(1));
            assertThat(scalarsByStep(resumed).keySet()).containsExactly(2L);
            // the session start TensorBoard uses to drop the first attempt's steps from 2 on
            assertThat(resumed.get(1).getSessionLog().getStatus()).isEqualTo(org.tensorflow.proto.SessionLog.SessionStatus.START);
            assertThat(resumed.get(1).getStep()).isEqualTo(2L);
        }
    }

    /** So the reading above means something: TensorFlow refuses a file with one byte changed. */
    @Test
    void tensorFlowRefusesACorruptedRecord(@TempDir Path run) throws Exception {
        try (RunListener l = listener(run)) {
            l.started(new RunStart("tb", 1, "TAPWEIGHT", List.of("mlm", "simcse"), 0, 8, run));
            l.step(step(1));
        }
        Path file;
        try (Stream<Path> s = Files.list(run.resolve("tensorboard"))) {
            file = s.findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 10] ^= 0x01; // inside the last record's data
        Files.write(file, bytes);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> readWithTensorFlow(file))
                .isInstanceOf(org.tensorflow.exceptions.TensorFlowException.class);
    }

    @Test
    void theRecordCrcIsTensorFlowsMaskedCrc32c() {
        // TensorFlow's crc32c::Mask of crc32c("") = 0 and of crc32c("a") = 0xc1d04330, worked out by hand:
        // rotate right 15, add 0xa282ead8
        assertThat(EventFileWriter.maskedCrc(new byte[0])).isEqualTo(0xa282ead8);
        assertThat(EventFileWriter.maskedCrc(new byte[] {'a'})).isEqualTo(0x28e46e78);
    }
}
