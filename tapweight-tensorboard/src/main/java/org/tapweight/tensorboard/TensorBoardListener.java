package org.tapweight.tensorboard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tapweight.api.listen.RunListener;
import org.tapweight.api.listen.RunStart;
import org.tapweight.api.listen.StepReport;

/**
 * Writes a run's steps as TensorBoard scalars: {@code weight/<objective>} (the weights the step used),
 * {@code loss/<objective>},
 * {@code loss/task}, {@code loss/validation} and {@code hypergradient/norm} (at level-III updates),
 * {@code time/level_I_ms} (and II, III), and at the end every metric under {@code final/}. Each
 * attempt (a resumed run is a second one) writes its own event file; TensorBoard joins a folder's files.
 * Watch with {@code tensorboard --logdir runs/}.
 */
final class TensorBoardListener implements RunListener {

    private final Path folder;
    private final int flushEvery;
    private EventFileWriter writer;
    private int sinceFlush;

    TensorBoardListener(Path folder, int flushEvery) {
        this.folder = folder;
        this.flushEvery = flushEvery;
    }

    @Override
    public void started(RunStart start) {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "localhost";
        }
        // the name TensorBoard looks for: events.out.tfevents.<seconds>.<host>; the step makes a resume's file distinct
        Path file = folder.resolve("events.out.tfevents." + (System.currentTimeMillis() / 1000) + "." + host + ".step"
                + start.firstStep());
        try {
            writer = new EventFileWriter(file);
            if (start.firstStep() > 0) {
                writer.sessionStart(start.firstStep() + 1L); // a resume: steps after the checkpoint are written again
            }
        } catch (IOException e) {
            throw new UncheckedIOException("tensorboard: cannot write " + file, e);
        }
    }

    @Override
    public void step(StepReport s) {
        Map<String, Double> scalars = new LinkedHashMap<>();
        for (int i = 0; i < s.objectives().size(); i++) {
            scalars.put("weight/" + s.objectives().get(i), s.weights()[i]);
        }
        for (int i = 0; i < s.objectives().size(); i++) {
            scalars.put("loss/" + s.objectives().get(i), s.objectiveLosses()[i]);
        }
        scalars.put("loss/task", s.taskLoss());
        scalars.put("loss/validation", s.validationLoss());
        scalars.put("hypergradient/norm", s.hypergradientNorm());
        scalars.put("time/level_I_ms", s.millis()[0]);
        scalars.put("time/level_II_ms", s.millis()[1]);
        scalars.put("time/level_III_ms", s.millis()[2]);
        write(s.step(), scalars);
        if (++sinceFlush >= flushEvery) {
            flush();
        }
    }

    @Override
    public void finished(int step, Map<String, Double> metrics) {
        Map<String, Double> scalars = new LinkedHashMap<>();
        metrics.forEach((k, v) -> scalars.put("final/" + k, v));
        write(step, scalars);
        flush();
    }

    private void write(long step, Map<String, Double> scalars) {
        try {
            writer.scalars(step, scalars);
        } catch (IOException e) {
            throw new UncheckedIOException("tensorboard: cannot write to " + folder, e);
        }
    }

    private void flush() {
        try {
            writer.flush();
            sinceFlush = 0;
        } catch (IOException e) {
            throw new UncheckedIOException("tensorboard: cannot write to " + folder, e);
        }
    }

    @Override
    public void close() {
        if (writer != null) {
            try {
                writer.close();
            } catch (IOException e) {
                throw new UncheckedIOException("tensorboard: cannot close the event file in " + folder, e);
            }
        }
    }
}
