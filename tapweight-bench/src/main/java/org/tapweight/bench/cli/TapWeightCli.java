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
        subcommands = {ListCommand.class, RunCommand.class, FinetuneCommand.class, PretrainCommand.class, BenchCommand.class, ReportCommand.class,
            CostCommand.class, ResponseCommand.class,
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
