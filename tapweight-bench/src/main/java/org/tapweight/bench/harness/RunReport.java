package org.tapweight.bench.harness;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.tapweight.api.plugin.ConfigurationException;
import org.tapweight.core.engine.StepResult;
import org.tapweight.core.record.AtomicFiles;
import org.tapweight.core.record.RunHistory;
import org.tapweight.core.record.RunRecord;

/**
 * One run's report, {@code report.md} and the self-contained {@code report.html} in its folder: what
 * ran (task, data and checksums, encoder, objectives, seed, versions), the final weights, the
 * metrics before and after the final finetuning, the model file, and plots of the weights, the
 * level-I losses, the task and validation losses and the finetuning's validation curve, from the
 * run record alone. Written by {@code run} and {@code finetune} when they finish, and by
 * {@code tapweight report --run DIR}.
 */
public final class RunReport {

    private RunReport() {
    }

    /** Writes the report of the run in {@code runDir} and returns its Markdown. */
    public static String write(Path runDir) throws IOException {
        Path recordFile = runDir.resolve(RunRecord.FILE_NAME);
        if (!Files.isRegularFile(recordFile)) {
            throw new ConfigurationException(runDir + " is not a run folder (it has no " + RunRecord.FILE_NAME + ")");
        }
        RunHistory history = RunHistory.read(recordFile);
        JsonNode start = history.start();
        JsonNode end = history.end();
        List<String> objectives = new ArrayList<>();
        start.path("objectives").forEach(o -> objectives.add(o.asText()));
        String name = start.path("name").asText(runDir.getFileName().toString());

        StringBuilder md = new StringBuilder();
        JsonNode config = start.path("config");
        md.append("Mode ").append(start.path("mode").asText()).append(", seed ").append(start.path("seed").asText())
                .append(", task `").append(config.path("task").path("id").asText()).append("` ")
                .append(config.path("task").path("settings")).append(", encoder `").append(config.path("encoder").path("id").asText())
                .append("` ").append(config.path("encoder").path("settings")).append(".\n\n");
        md.append(history.steps().size()).append(" of ").append(config.path("outerSteps").asInt()).append(" outer steps recorded");
        if (end != null && !end.isMissingNode()) {
            md.append(String.format(Locale.ROOT, "; finished in %.1f s", end.path("seconds").asDouble()));
        } else {
            md.append("; **the run has not finished** (no end event): the numbers below are as far as it got");
        }
        md.append(".\n\n");

        md.append("## Data\n\n| file | SHA-256 |\n|---|---|\n");
        start.path("dataChecksums").fields().forEachRemaining(e -> md.append("| ").append(e.getKey()).append(" | `")
                .append(e.getValue().asText()).append("` |\n"));
        JsonNode data = start.path("data");
        if (data.has("split")) {
            md.append("\nSplit: ").append(data.path("split")).append("; pretraining corpus ").append(data.path("pretrainingCorpus").asText())
                    .append(" examples");
            if (data.has("skipped")) {
                md.append("; rows skipped ").append(data.path("skipped").asText());
            }
            if (data.has("kind")) {
                md.append("; labels ").append(data.path("labels")).append(", ").append(data.path("kind").asText());
                if (data.has("kindFrom")) {
                    md.append(" (").append(data.path("kindFrom").asText()).append(")");
                }
            }
            md.append(".\n");
        }

        if (!history.steps().isEmpty() && !objectives.isEmpty()) {
            StepResult last = history.steps().get(history.steps().size() - 1);
            // the end event's weights: the last step's after its level-III update (the step records hold those it used)
            JsonNode finalWeights = end != null ? end.path("weights") : null;
            boolean finished = finalWeights != null && finalWeights.isArray() && finalWeights.size() == objectives.size();
            md.append("\n## Objective weights ").append(finished ? "at the end" : "used in step " + (last.step() + 1))
                    .append("\n\n| objective | weight | last level-I loss |\n|---|---|---|\n");
            for (int k = 0; k < objectives.size(); k++) {
                double w = finished ? finalWeights.get(k).asDouble() : last.weights()[k];
                md.append(String.format(Locale.ROOT, "| %s | %.4f | %.4f |%n", objectives.get(k), w, last.objectiveLosses()[k]));
            }
        }
        if (end != null && !end.isMissingNode()) {
            md.append("\n## Metrics\n\n| metric | validation | test |\n|---|---|---|\n");
            metricRows(md, "", end.path("validation"), end.path("test"));
            JsonNode finetuned = end.path("finetuned");
            if (!finetuned.isMissingNode()) {
                metricRows(md, "finetuned ", finetuned.path("validation"), finetuned.path("test"));
            }
            end.path("protocols").fields().forEachRemaining(p -> metricRows(md, p.getKey() + " ", p.getValue().path("validation"),
                    p.getValue().path("test")));
            JsonNode model = end.path("model");
            if (!model.isMissingNode()) {
                md.append("\nModel file: `").append(model.path("file").asText()).append("` (").append(model.path("source").asText())
                        .append("); score new inputs with `tapweight predict --model ").append(runDir.resolve(model.path("file").asText()))
                        .append(" --input FILE --out FILE`.\n");
            }
        }
        JsonNode env = start.path("environment");
        md.append("\n## Provenance\n\nConfig fingerprint `").append(start.path("configFingerprint").asText()).append("`; ")
                .append("tapweight ").append(env.path("tapweight").asText("?")).append(", ND4J ").append(env.path("nd4j").asText("?"))
                .append(", Java ").append(env.path("java").asText("?")).append(", ").append(env.path("cores").asText("?"))
                .append(" cores, OMP_NUM_THREADS ").append(env.path("ompNumThreads").asText("?")).append("; record ")
                .append(recordFile.getFileName()).append(" (schema ").append(history.schema()).append(").\n");

        Path plots = runDir.resolve("plots");
        for (String stale : new String[] {"weights.png", "objective-losses.png", "task-losses.png", "finetuning.png"}) {
            Files.deleteIfExists(plots.resolve(stale)); // a plot this run no longer has must not be embedded
        }
        Plots.perObjectiveChart(plots.resolve("weights.png"), name + ": objective weights", "weight", objectives, history.steps(),
                StepResult::weights);
        Plots.perObjectiveChart(plots.resolve("objective-losses.png"), name + ": level-I loss per objective", "loss", objectives,
                history.steps(), StepResult::objectiveLosses);
        Plots.curvesChart(plots.resolve("task-losses.png"), name + ": task loss (training, smoothed) and validation loss",
                Map.of("run", recordFile));
        finetuneChart(plots.resolve("finetuning.png"), name, recordFile);
        String markdown = "# Run " + name + "\n\n" + md;
        AtomicFiles.writeString(runDir.resolve("report.md"), markdown);
        HtmlReport.write(runDir, "report.html", "Run " + name, md.toString());
        return markdown;
    }

    private static void metricRows(StringBuilder md, String prefix, JsonNode validation, JsonNode test) {
        for (Iterator<String> names = validation.fieldNames(); names.hasNext(); ) {
            String m = names.next();
            md.append("| ").append(prefix).append(m).append(" | ").append(number(validation.path(m))).append(" | ")
                    .append(number(test.path(m))).append(" |\n");
        }
    }

    private static String number(JsonNode v) {
        return v.isNumber() ? String.format(Locale.ROOT, "%.4f", v.asDouble()) : v.isMissingNode() ? "" : "undefined";
    }

    /** The final finetuning's validation metric per epoch, one line per finetuning seed. */
    private static void finetuneChart(Path file, String name, Path record) throws IOException {
        List<List<Double>> curves = new ArrayList<>();
        String metric = null;
        for (String line : Files.readAllLines(record)) {
            if (!line.contains("\"type\":\"finetune\"")) {
                continue;
            }
            JsonNode e = new com.fasterxml.jackson.databind.ObjectMapper().readTree(line);
            if (e.has("protocol")) {
                continue; // the extra protocols' curves are in the record; the chart shows the main finetuning
            }
            metric = e.path("metric").asText();
            JsonNode all = e.has("validationCurves") ? e.path("validationCurves") : null;
            curves.clear();
            if (all != null) {
                all.forEach(c -> curves.add(doubles(c)));
            } else {
                curves.add(doubles(e.path("validationCurve")));
            }
        }
        if (curves.isEmpty() || curves.get(0).isEmpty()) {
            return;
        }
        XYChart chart = new XYChartBuilder().width(900).height(400).title(name + ": final finetuning, validation " + metric)
                .xAxisTitle("epoch").yAxisTitle(metric).build();
        for (int r = 0; r < curves.size(); r++) {
            List<Double> x = new ArrayList<>();
            for (int e = 1; e <= curves.get(r).size(); e++) {
                x.add((double) e);
            }
            chart.addSeries("finetuning seed " + (r + 1), x, curves.get(r));
        }
        Plots.save(file, BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
    }

    private static List<Double> doubles(JsonNode array) {
        List<Double> out = new ArrayList<>();
        array.forEach(v -> out.add(v.isNumber() ? v.asDouble() : Double.NaN));
        return out;
    }
}
