package org.tapweight.api.listen;

import java.util.Map;

/**
 * Hears a run as it goes, to show it where people watch runs (TensorBoard, a dashboard, a log).
 * Listeners see numbers; they never change them, so a run's config fingerprint leaves them out and
 * a resumed run may have others. A listener that throws stops the run: fail only for real faults
 * (a folder that cannot be written), not for a value you cannot show.
 */
public interface RunListener extends AutoCloseable {

    /** Before the first step of this attempt ({@link RunStart#firstStep()} is past 0 after a resume). */
    default void started(RunStart start) {
    }

    /** After each outer step. */
    void step(StepReport step);

    /**
     * At the end, with the run's metrics by name ({@code test/roc_auc}, {@code finetuned/test/roc_auc}, ...),
     * NaN where a metric is undefined.
     */
    default void finished(int step, Map<String, Double> metrics) {
    }

    /** Releases files; called once, also when the run fails. */
    @Override
    default void close() {
    }
}
