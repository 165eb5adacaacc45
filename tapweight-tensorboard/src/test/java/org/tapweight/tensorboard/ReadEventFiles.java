package org.tapweight.tensorboard;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.tensorflow.proto.Event;

/**
 * Reads every event file of a folder with TensorFlow (as {@link TensorBoardListenerTest} does) and
 * prints, per file, the events and each step's scalars: {@code check-real-run.sh} runs it on the
 * folder a real {@code tapweight run} wrote.
 */
public final class ReadEventFiles {

    private ReadEventFiles() {
    }

    public static void main(String[] args) throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.list(Path.of(args[0]))) {
            files = s.filter(p -> p.getFileName().toString().contains("tfevents")).sorted().toList();
        }
        for (Path f : files) {
            List<Event> events = TensorBoardListenerTest.readWithTensorFlow(f);
            Map<Long, Map<String, Float>> steps = TensorBoardListenerTest.scalarsByStep(events);
            System.out.println(f.getFileName() + ": " + events.size() + " events read by TensorFlow, file version "
                    + events.get(0).getFileVersion() + ", steps " + steps.keySet().stream().min(Long::compare).orElse(-1L)
                    + " to " + steps.keySet().stream().max(Long::compare).orElse(-1L));
            steps.forEach((step, scalars) -> {
                if (step == 1 || step % 10 == 0 || scalars.keySet().stream().anyMatch(k -> k.startsWith("final/"))) {
                    System.out.println("  step " + step + ": " + scalars);
                }
            });
        }
    }
}
