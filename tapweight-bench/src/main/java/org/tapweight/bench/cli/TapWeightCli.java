package org.tapweight.bench.cli;

import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code tapweight} command. Logging is quiet unless {@code --verbose} is given; the level is
 * set before ND4J creates its first logger.
 */
@Command(name = "tapweight", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Task-adaptive pretraining with objective weights learned by tri-level optimisation.",
        footerHeading = "%nExit codes:%n",
        footer = {"  0  done",
            "  1  internal error: a bug (the trace is printed; please report it)",
            "  2  configuration error: a config, setting, file or folder to fix",
            "  3  the run failed: it diverged, or a file could not be written",
            "%nEnvironment:",
            "  TAPWEIGHT_HOME       the installation; bin/tapweight sets it to its",
            "                       own root. A relative path in a config is found",
            "                       beside the config, in the working folder, or here",
            "  TAPWEIGHT_DATA       the bundled data folder (bin/tapweight: $TAPWEIGHT_HOME/",
            "                       data; else the nearest data/ up from here)",
            "  TAPWEIGHT_CACHE      the cache folder (default: ~/.cache/tapweight/",
            "                       features and .../resources)",
            "  TAPWEIGHT_JAVA_OPTS  JVM options of bin/tapweight (default: -Xmx3g",
            "                       and ND4J's off-heap limits)",
            "  OMP_NUM_THREADS      BLAS threads (bin/tapweight sets 1 unless given)"},
        subcommands = {ListCommand.class, RunCommand.class, FinetuneCommand.class, PretrainCommand.class, BenchCommand.class, ReportCommand.class,
            PredictCommand.class, CostCommand.class, ResponseCommand.class,
            FeaturizeCommand.class, TokenizerCommand.class,
            CommandLine.HelpCommand.class})
public final class TapWeightCli {

    public static void main(String[] args) {
        boolean verbose = Arrays.asList(args).contains("--verbose") || Arrays.asList(args).contains("-v");
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", verbose ? "info" : "warn");
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        System.setProperty("java.awt.headless", "true");
        if (System.getProperty("org.nd4j.autodiff.samediff") == null) {
            System.setProperty("org.nd4j.autodiff.samediff", "false"); // SameDiff array cache off (docs/platform-notes.md, trap 4)
        }
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, for tests. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new TapWeightCli());
        cli.setExecutionExceptionHandler(new ErrorHandler());
        return cli;
    }
}
