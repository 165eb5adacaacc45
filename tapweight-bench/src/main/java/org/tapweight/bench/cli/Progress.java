package org.tapweight.bench.cli;

import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar with ETA on standard error: redrawn in place on a terminal, one plain line per
 * update (at most one a second) when the output is a log file or a pipe.
 */
final class Progress implements AutoCloseable {

    private final ProgressBar bar;

    Progress(String task, long total, long initial) {
        ProgressBarBuilder b = new ProgressBarBuilder().setTaskName(task).setInitialMax(total).startsFrom(initial,
                java.time.Duration.ZERO).setUpdateIntervalMillis(1000).showSpeed();
        if (System.console() == null) {
            b.setStyle(ProgressBarStyle.ASCII).setConsumer(new DelegatingProgressBarConsumer(System.err::println, 100));
        }
        this.bar = b.build();
    }

    void step(String message) {
        bar.setExtraMessage(message);
        bar.step();
    }

    @Override
    public void close() {
        bar.close();
    }
}
