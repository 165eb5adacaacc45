package org.tapweight.core.run;

import java.nio.file.Path;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.tapweight.core.record.AtomicFiles;
import org.tapweight.core.record.Checkpoint;
import org.tapweight.core.wiring.TapWeightModule;

/**
 * The run that {@link KillAndResumeTest} kills, in a JVM of its own: the small dense run of
 * {@link ResumeAndRecordTest}, printing "step k" as each outer step ends. {@code Runtime.halt} is a
 * kill as far as files are concerned (no finally blocks, no shutdown hooks, no flush).
 *
 * <p>Arguments: output folder, {@code resume} or {@code fresh}, halt after this step (-1: never),
 * halt inside this checkpoint write (1 = the first; 0: never).
 */
public final class KillableRun {

    private KillableRun() {
    }

    public static void main(String[] args) {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        Path out = Path.of(args[0]);
        boolean resume = args[1].equals("resume");
        int haltAfterStep = Integer.parseInt(args[2]);
        int haltInCheckpointWrite = Integer.parseInt(args[3]);
        int[] checkpointWrites = {0};
        AtomicFiles.setInterruptionPointForTests(target -> {
            // a checkpoint is written as a pending file first (kept once the next step passes the guard)
            String name = target.getFileName().toString();
            boolean checkpoint = name.equals(Checkpoint.FILE_NAME) || name.equals("." + Checkpoint.FILE_NAME + ".pending");
            if (checkpoint && ++checkpointWrites[0] == haltInCheckpointWrite) {
                Runtime.getRuntime().halt(137); // the temp file is written, the rename has not happened
            }
        });
        RunDriver driver = TapWeightModule.driver(KillAndResumeTest.config(), out);
        driver.run(resume, (r, engine) -> {
            System.out.println("step " + r.step());
            System.out.flush();
            sleep(2); // lets a kill land mid-run: a step of this tiny model takes well under a millisecond
            if (r.step() == haltAfterStep) {
                Runtime.getRuntime().halt(137);
            }
        }, -1);
        System.out.println("done");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
