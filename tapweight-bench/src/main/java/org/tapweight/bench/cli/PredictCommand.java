package org.tapweight.bench.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.tapweight.api.modality.PredictionInputs;
import org.tapweight.core.plugin.PluginRegistry;
import org.tapweight.core.predict.ModelScorer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tapweight predict}: scores new inputs with a model file written by {@code run} or
 * {@code finetune}. Every input row comes out, with the predictions or with why it could not be read.
 */
@Command(name = "predict", mixinStandardHelpOptions = true,
        header = "Score new molecules (a CSV with the model's SMILES column) with a model file from run or finetune.",
        description = {"Score new inputs with a model file written by run or finetune (model.zip in the run's folder).",
                "The output has the input's columns, one column per prediction (p_<label>: probability of class 1;",
                "predicted_<label>: a value in the label's units) and an 'error' column naming why a row could not",
                "be read (its predictions are then empty). Example:",
                "  tapweight predict --model runs/mine/model.zip --input new.csv --out scored.csv"})
final class PredictCommand implements Callable<Integer> {

    private static final int ERRORS_SHOWN = 10;

    @Option(names = {"-m", "--model"}, paramLabel = "FILE", required = true, description = "Model file (model.zip) from run or finetune.")
    Path model;

    @Option(names = {"-i", "--input"}, paramLabel = "FILE", required = true, description = "Inputs to score (CSV with a header).")
    Path input;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE", required = true, description = "Where to write the scored rows (CSV).")
    Path out;

    @Option(names = {"-v", "--verbose"}, description = "More logging.")
    boolean verbose;

    @Mixin
    PluginOptions plugins;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        ModelScorer scorer = ModelScorer.load(model, PluginRegistry.load(plugins.loader()));
        ModelScorer.Scored scored = scorer.score(input);
        scored.writeCsv(out);
        PrintWriter w = spec.commandLine().getOut();
        long unreadable = scored.inputs().unreadable();
        int rows = scored.inputs().rows().size();
        w.printf(Locale.ROOT, "scored %d of %d rows of %s with %s (%s); wrote %s%n", rows - unreadable, rows, input, model,
                String.join(", ", scored.outputNames()), out);
        if (unreadable > 0) {
            w.printf(Locale.ROOT, "%d row%s could not be read (empty predictions, reason in the 'error' column):%n", unreadable,
                    unreadable == 1 ? "" : "s");
            scored.inputs().rows().stream().filter(r -> r.index() < 0).limit(ERRORS_SHOWN)
                    .forEach((PredictionInputs.Row r) -> w.printf(Locale.ROOT, "  %s, line %d: %s%n", input, r.line(), r.error()));
            if (unreadable > ERRORS_SHOWN) {
                w.printf(Locale.ROOT, "  ... and %d more%n", unreadable - ERRORS_SHOWN);
            }
        }
        w.flush();
        return 0;
    }
}
