package org.tapweight.nlp.task;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tapweight.api.modality.Encoder;
import org.tapweight.api.modality.Task;
import org.tapweight.api.modality.TaskProvider;
import org.tapweight.api.model.Noise;
import org.tapweight.api.model.Split;
import org.tapweight.api.plugin.ConfigurationException;
import org.tapweight.api.plugin.SettingSpec;
import org.tapweight.api.plugin.Settings;
import org.tapweight.core.data.DataFiles;
import org.tapweight.core.metrics.BinaryMetrics;
import org.tapweight.core.metrics.RegressionMetrics;
import org.tapweight.nn.Linear;
import org.tapweight.nn.Losses;
import org.tapweight.nn.Standardisation;
import org.tapweight.core.run.Provenance;
import org.tapweight.nlp.data.GlueDataset;
import org.tapweight.nlp.data.GlueReader;
import org.tapweight.nlp.model.TextBatch;
import org.tapweight.nlp.model.TextDataset;
import org.tapweight.nlp.text.TextTokenizer;

/**
 * A GLUE task from the bundled files: the training files pooled (GLUE's train), a seeded validation
 * part carved from them, GLUE's dev set as the test split (see {@code data/glue/README.md}). STS-B
 * is regression (0-5), the others two classes; see {@link LabelledTextTask} for the model and metrics.
 */
public final class GlueTask extends LabelledTextTask {

    private final GlueDataset dataset;

    public GlueTask(GlueDataset dataset, Path folder, TextTokenizer tokenizer, double validationFraction, long splitSeed, int limit) {
        this(dataset, read(dataset, folder, limit), tokenizer, validationFraction, splitSeed);
    }

    private GlueTask(GlueDataset dataset, Files files, TextTokenizer tokenizer, double validationFraction, long splitSeed) {
        this(dataset, files, parts(dataset, files, validationFraction, splitSeed), tokenizer);
    }

    /** @param parts the validation part and the rest of the training files */
    private GlueTask(GlueDataset dataset, Files files, List<List<GlueReader.Example>> parts, TextTokenizer tokenizer) {
        super(dataset.id(), labels(dataset), files.checksums(), parts.get(1), parts.get(0), files.test(),
                dataset.secondColumn() >= 0, tokenizer);
        this.dataset = dataset;
    }

    private static TextLabels labels(GlueDataset d) {
        return d.regression() ? TextLabels.regression(d.primaryMetric()) : TextLabels.classes(List.of("0", "1"), d.primaryMetric());
    }

    /** The GLUE files read: the pooled training examples, the test examples and the files' checksums. */
    private record Files(List<GlueReader.Example> train, List<GlueReader.Example> test, Map<String, String> checksums) {
    }

    private static Files read(GlueDataset dataset, Path folder, int limit) {
        Map<String, String> checksums = new LinkedHashMap<>();
        List<GlueReader.Example> train = new ArrayList<>();
        List<GlueReader.Example> test = new ArrayList<>();
        for (String f : dataset.trainFiles()) {
            train.addAll(GlueReader.read(file(dataset, folder, f, checksums), dataset, dataset.header()));
        }
        for (String f : dataset.testFiles()) {
            test.addAll(GlueReader.read(file(dataset, folder, f, checksums), dataset, dataset.testHeader()));
        }
        if (dataset == GlueDataset.RTE) {
            // The files re-split GLUE train + dev; GLUE dev is recovered by its indices.
            List<GlueReader.Example> pooled = train;
            train = new ArrayList<>();
            for (GlueReader.Example e : pooled) {
                (e.index() >= GlueDataset.RTE_GLUE_DEV_FROM ? test : train).add(e);
            }
        }
        if (limit > 0) {
            train = train.subList(0, Math.min(limit, train.size()));
            test = test.subList(0, Math.min(limit, test.size()));
        }
        return new Files(train, test, checksums);
    }

    /** The validation part carved from the pooled training files, and the rest. */
    private static List<List<GlueReader.Example>> parts(GlueDataset dataset, Files files, double fraction, long seed) {
        return carve(files.train(), fraction, seed, "task 'glue' (" + dataset.id() + "): validationFraction " + fraction);
    }

    private static Path file(GlueDataset dataset, Path folder, String name, Map<String, String> checksums) {
        Path p = folder.resolve(name);
        try {
            checksums.put("glue/" + dataset.folder() + "/" + name, Provenance.sha256(java.nio.file.Files.readAllBytes(p)));
        } catch (java.io.IOException e) {
            throw new ConfigurationException(p + ": no such GLUE file");
        }
        return p;
    }

    public GlueDataset dataset() {
        return dataset;
    }

    /** Service provider for id {@code glue} (modality {@code text}). */
    public static final class Provider implements TaskProvider {
        @Override
        public String id() {
            return "glue";
        }

        @Override
        public String description() {
            return "a bundled GLUE task (sst2, cola, mrpc, rte, stsb, wnli); GLUE dev as test, validation carved from train";
        }

        @Override
        public String modality() {
            return "text";
        }

        @Override
        public List<SettingSpec> settings() {
            return List.of(SettingSpec.ofString("dataset", "sst2", "GLUE task id"),
                    SettingSpec.ofDouble("validationFraction", 0.1, "fraction of the training files held out for validation"),
                    SettingSpec.ofInt("splitSeed", 0, "seed of the validation split"),
                    SettingSpec.ofString("tokenizer", "models/text-tokenizer.json", "WordPiece tokenizer.json (relative to the working folder)"),
                    SettingSpec.ofInt("maxLength", 128, "inputs are truncated to this many tokens (longest first for pairs)"),
                    SettingSpec.ofInt("limit", 0, "use only the first N training and test examples (0 = all); for tests and smoke runs"));
        }

        @Override
        public Task<?> create(Settings settings) {
            GlueDataset d = GlueDataset.byId(settings.getString("dataset"));
            double fraction = settings.getDouble("validationFraction");
            if (!(fraction > 0 && fraction < 1)) {
                throw new ConfigurationException(settings.owner() + ": setting 'validationFraction' must be in (0, 1)");
            }
            Path folder = DataFiles.dataRoot().resolve("glue").resolve(d.folder());
            // Texts are encoded when the task is built, so the native tokenizer can be released right after.
            Path tokenizerFile = TextFiles.resolve(settings, "tokenizer");
            try (TextTokenizer tokenizer = TextTokenizer.load(tokenizerFile, settings.getInt("maxLength"))) {
                GlueTask task = new GlueTask(d, folder, tokenizer, fraction, settings.getInt("splitSeed"), settings.getInt("limit"));
                // new inputs in a CSV or TSV with GLUE's column names: sentence, or sentence1 and sentence2
                boolean pairs = d.secondColumn() >= 0;
                task.readsInputs(TextPredictor.inputs(d.regression() ? "score" : "label", pairs ? "sentence1" : "sentence",
                        pairs ? "sentence2" : "", "auto", settings.getString("tokenizer"), tokenizerFile, tokenizer));
                return task;
            }
        }

        @Override
        public org.tapweight.api.modality.Predictor<?> predictor(java.util.Map<String, Object> state) {
            return TextPredictor.of(state);
        }
    }
}
