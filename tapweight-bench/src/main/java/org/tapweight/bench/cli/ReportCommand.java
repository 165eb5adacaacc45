package org.tapweight.bench.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.tapweight.api.plugin.ConfigurationException;
import org.tapweight.bench.harness.BenchResults;
import org.tapweight.bench.harness.Method;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tapweight report}: rebuild results.csv, results.md and the plots of a bench folder. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Rebuild results.csv, results.md and the plots from the finished cells of a bench folder, and print the table.")
final class ReportCommand implements Callable<Integer> {

    @Option(names = {"-b", "--bench"}, paramLabel = "DIR", required = true, description = "The bench folder.")
    Path bench;

    @Option(names = {"-v", "--verbose"}, description = "More logging.")
    boolean verbose;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (!Files.isDirectory(bench.resolve("cells"))) {
            throw new ConfigurationException(bench + " is not a bench folder (it has no cells/)");
        }
        List<BenchResults.Row> rows = BenchResults.collect(bench);
        List<String> order = Method.protocolOrder(rows.stream().map(BenchResults.Row::method).toList());
        String md = BenchResults.write(bench, rows, order);
        spec.commandLine().getOut().println(md);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
