package org.tapweight.bench.cli;

import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar with ETA on standard error: redrawn in place on a terminal, one plain line per
 * update (at most one a second) when the output is a log file or a pipe. The bar is drawn from the
 * first update, so a resumed run starts at the step it resumed from and its speed and ETA count
 * only this process's steps.
 */
final class Progress implements AutoCloseable {

    private final String task;
    private final long total;
    private final long initial;
    private ProgressBar bar;

    Progress(String task, long total, long initial) {
        this.task = task;
        this.total = total;
        this.initial = initial;
    }

    /** Moves to {@code done} units (absolute: the first call of a resumed run starts the bar there). */
    void stepTo(long done, String message) {
        bar(done - 1).setExtraMessage(message);
        bar.stepTo(done);
    }

    void step(String message) {
        bar(initial).setExtraMessage(message);
        bar.step();
    }

    private ProgressBar bar(long startsFrom) {
        if (bar == null) {
            ProgressBarBuilder b = new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
                    .startsFrom(Math.max(0, startsFrom), java.time.Duration.ZERO).setUpdateIntervalMillis(1000).showSpeed();
            if (System.console() == null) {
                b.setStyle(ProgressBarStyle.ASCII).setConsumer(new DelegatingProgressBarConsumer(System.err::println, 100));
            }
            bar = b.build();
        }
        return bar;
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
