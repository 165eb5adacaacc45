package org.tapweight.bench.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.tapweight.core.data.DataFiles;
import org.tapweight.molecule.data.FeaturizedTable;
import org.tapweight.molecule.data.InvalidSmilesPolicy;
import org.tapweight.molecule.data.MoleculeLoader;
import org.tapweight.molecule.data.MoleculeNetDataset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tapweight featurize}: featurise MoleculeNet files into the cache and report counts and speed. */
@Command(name = "featurize", mixinStandardHelpOptions = true,
        header = "Featurise the bundled MoleculeNet files into the feature cache.",
        description = {"Featurise bundled MoleculeNet files with CDK (filling the feature cache) and print, per file,",
                "the rows read, featurised and skipped, and molecules per second."})
final class FeaturizeCommand implements Callable<Integer> {

    @Option(names = {"-d", "--dataset"}, paramLabel = "ID", description = "A data set id (bbbp, tox21, ...) or 'all' (default).")
    String dataset = "all";

    @Option(names = "--policy", description = "What to do with an unparseable SMILES: ${COMPLETION-CANDIDATES} (default SKIP).")
    InvalidSmilesPolicy policy = InvalidSmilesPolicy.SKIP;

    @Option(names = "--no-cache", description = "Featurise without reading or writing the cache.")
    boolean noCache;

    @Option(names = "--cache", paramLabel = "DIR", description = "The cache folder (default $TAPWEIGHT_CACHE or ~/.cache/tapweight/features).")
    Path cache;

    @Option(names = "--show-skipped", description = "List every skipped row (file, line, SMILES, reason).")
    boolean showSkipped;

    @Option(names = {"-v", "--verbose"}, description = "More logging.")
    boolean verbose;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<MoleculeNetDataset> sets = new ArrayList<>();
        if (dataset.equals("all")) {
            sets.addAll(List.of(MoleculeNetDataset.values()));
        } else {
            sets.add(MoleculeNetDataset.byId(dataset));
        }
        MoleculeLoader loader = new MoleculeLoader(noCache ? null : cache != null ? cache : MoleculeLoader.defaultCacheDir());
        out.println("| data set | file | rows | featurised | skipped | seconds | molecules/s |");
        out.println("|---|---|---|---|---|---|---|");
        for (MoleculeNetDataset d : sets) {
            long t0 = System.nanoTime();
            FeaturizedTable t = loader.load(DataFiles.locate("moleculenet/" + d.fileName()), d.smilesColumn(),
                    d.kind() == org.tapweight.molecule.data.LabelKind.CLASSIFICATION, policy);
            double s = (System.nanoTime() - t0) / 1e9;
            int rows = t.size() + t.skipped().size();
            out.printf(Locale.ROOT, "| %s | %s | %d | %d | %d | %.2f | %.0f |%n", d.id(), d.fileName(), rows, t.size(),
                    t.skipped().size(), s, rows / s);
            if (showSkipped) {
                for (FeaturizedTable.Skipped k : t.skipped()) {
                    out.printf("  %s line %d: %s (%s)%n", d.fileName(), k.line(), k.smiles(), k.reason());
                }
            }
            out.flush();
        }
        return 0;
    }
}
