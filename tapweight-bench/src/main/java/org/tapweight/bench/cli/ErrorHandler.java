package org.tapweight.bench.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.tapweight.api.plugin.ConfigurationException;
import org.tapweight.core.data.FileErrors;
import org.tapweight.core.engine.DivergenceException;
import picocli.CommandLine;

/**
 * Turns the errors a user can fix (a bad config, a missing file, a diverged run, a folder that
 * cannot be written) into one clear message and exit code 2 (config) or 3 (run failure); anything
 * else is a bug and keeps its trace.
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        Throwable t = e;
        while (t.getCause() != null && !(t instanceof ConfigurationException) && !(t instanceof DivergenceException)) {
            t = t.getCause();
        }
        if (t instanceof ConfigurationException) {
            cli.getErr().println("tapweight: configuration error: " + t.getMessage());
            return 2;
        }
        if (t instanceof DivergenceException) {
            cli.getErr().println("tapweight: the run diverged: " + t.getMessage()
                    + "\n  (any checkpoint in the output folder is from before the blow-up; the record's error event names it."
                    + "\n  A changed learning rate is a new config: start it in a new output folder. --resume with a looser"
                    + "\n  divergence guard continues the same run.)");
            return 3;
        }
        String io = fileProblem(e);
        if (io != null) {
            cli.getErr().println("tapweight: " + io);
            return 3;
        }
        cli.getErr().println("tapweight: internal error (please report it): " + e);
        e.printStackTrace(cli.getErr());
        return 1;
    }

    /** The first I/O failure in {@code e}'s causes, in words, with the context a wrapper added; null if none. */
    static String fileProblem(Throwable e) {
        String context = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UncheckedIOException u && u.getCause() != null
                    && u.getMessage() != null && !u.getMessage().equals(u.getCause().toString())) {
                context = u.getMessage();
            }
            if (t instanceof IOException io) {
                String described = FileErrors.describe(io);
                return context == null ? described : context + ": " + described;
            }
        }
        return null;
    }
}
