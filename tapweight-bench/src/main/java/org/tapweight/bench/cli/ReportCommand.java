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
        header = "Rebuild a bench folder's tables, plots and HTML report, or write a run folder's report.",
        description = {"Rebuild results.csv, results.md, results.html and the plots from the finished cells of a bench folder,",
                "and print the table; or write a run folder's report.md and report.html (--run DIR)."})
final class ReportCommand implements Callable<Integer> {

    @Option(names = {"-b", "--bench"}, paramLabel = "DIR", description = "A bench folder.")
    Path bench;

    @Option(names = {"-r", "--run"}, paramLabel = "DIR", description = "A run folder: writes its report.md and report.html.")
    Path run;

    @Option(names = {"-v", "--verbose"}, description = "More logging.")
    boolean verbose;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws java.io.IOException {
        if ((bench == null) == (run == null)) {
            throw new ConfigurationException("give a bench folder (--bench DIR) or a run folder (--run DIR)");
        }
        if (run != null) {
            spec.commandLine().getOut().println(org.tapweight.bench.harness.RunReport.write(run));
            spec.commandLine().getOut().println("report: " + run.resolve("report.html"));
            spec.commandLine().getOut().flush();
            return 0;
        }
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
