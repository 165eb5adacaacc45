package org.tapweight.nlp.task;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.tapweight.api.modality.Predictor;
import org.tapweight.api.modality.Task;
import org.tapweight.api.modality.TaskProvider;
import org.tapweight.api.plugin.ConfigurationException;
import org.tapweight.api.plugin.SettingSpec;
import org.tapweight.api.plugin.Settings;
import org.tapweight.core.run.Provenance;
import org.tapweight.core.data.DelimitedTable;
import org.tapweight.nlp.data.GlueReader;
import org.tapweight.nlp.text.TextTokenizer;

/**
 * Service provider for id {@code text-csv} (modality {@code text}): a user's own CSV or TSV of texts
 * (or text pairs) and labels. Labels are classes (any names: {@code positive}, {@code 0}/{@code 1})
 * or regression values, set or inferred and said so in the data report; the split is seeded random
 * or a column naming each row's part. Errors name the file, line and column.
 */
public final class TextCsvTaskProvider implements TaskProvider {

    private static final Map<String, Integer> PARTS = Map.of("train", 0, "validation", 1, "valid", 1, "val", 1, "test", 2);

    @Override
    public String id() {
        return "text-csv";
    }

    @Override
    public String description() {
        return "your own CSV/TSV of texts or text pairs and labels (classes or regression; split at random or by a column)";
    }

    @Override
    public String modality() {
        return "text";
    }

    @Override
    public List<SettingSpec> settings() {
        return List.of(SettingSpec.ofString("file", null, "the table (.csv, .tsv, optionally .gz; relative to the config file's folder)"),
                SettingSpec.ofString("delimiter", "auto", "auto (tab for .tsv, else comma), comma or tab"),
                SettingSpec.ofString("textColumn", "text", "the column holding the text"),
                SettingSpec.ofString("secondTextColumn", "", "for sentence pairs, the column holding the second text"),
                SettingSpec.ofString("labelColumn", "label", "the column holding the label"),
                SettingSpec.ofString("kind", "auto", "classification, regression, or auto: classes when a label is not a number or all are 0/1, a score when they are numbers that are not a few whole ones (a few whole numbers: say which)"),
                SettingSpec.ofString("metric", "", "model selection metric: accuracy (default for classes), f1 or mcc (two classes), pearson (default for regression), spearman"),
                SettingSpec.ofString("split", "random", "random (seeded) or column (the file's splitColumn)"),
                SettingSpec.ofString("splitColumn", "split", "with split: column, the column naming each row's part: train, validation (or valid, val) or test"),
                SettingSpec.ofDouble("validationFraction", 0.1, "with split: random, the part held out for validation"),
                SettingSpec.ofDouble("testFraction", 0.1, "with split: random, the part held out for testing"),
                SettingSpec.ofInt("splitSeed", 0, "seed of the random split"),
                SettingSpec.ofString("tokenizer", "models/text-tokenizer.json", "WordPiece tokenizer.json, or classpath:/all-minilm-l6-v2-tokenizer.json for MiniLM"),
                SettingSpec.ofInt("maxLength", 128, "inputs are truncated to this many tokens (longest first for pairs)"));
    }

    @Override
    public Task<?> create(Settings settings) {
        Path file = settings.getPath("file");
        DelimitedTable table = DelimitedTable.read(file, settings.getString("delimiter"));
        int text = table.column(settings.getString("textColumn"), "text");
        String secondName = settings.getString("secondTextColumn");
        int second = secondName.isEmpty() ? -1 : table.column(secondName, "second text");
        String labelName = settings.getString("labelColumn");
        int label = table.column(labelName, "label");
        String split = settings.getString("split");
        int part = split.equals("column") ? table.column(settings.getString("splitColumn"), "split")
                : split.equals("random") ? -1 : fail(settings.owner() + ": setting 'split' must be random or column, got '" + split + "'");
        if (table.rows().isEmpty()) {
            throw new ConfigurationException(file + ": no rows below the header");
        }
        String kindSetting = settings.getString("kind").toLowerCase(Locale.ROOT);
        boolean numeric = table.rows().stream().allMatch(r -> number(r.fields().get(label)) != null);
        boolean binaryNumbers = numeric && table.rows().stream().allMatch(r -> List.of(0.0, 1.0).contains(number(r.fields().get(label))));
        if (kindSetting.equals("auto") && numeric && !binaryNumbers && fewWholeNumbers(table, label)) {
            // 1-5 stars or class ids 0-2 read the same: guessing either way would be silently wrong for someone
            throw new ConfigurationException(file + ", column '" + labelName + "': the labels are a few whole numbers ("
                    + classes(table, label, true) + "): classes or a score? Set the task's 'kind' to classification or regression");
        }
        boolean regression = switch (kindSetting) {
            case "auto" -> numeric && !binaryNumbers;
            case "regression" -> true;
            case "classification" -> false;
            default -> throw new ConfigurationException(settings.owner() + ": setting 'kind' must be auto, classification or regression, got '"
                    + settings.getString("kind") + "'");
        };
        List<String> classes = regression ? List.of() : classes(table, label, numeric);
        if (!regression && classes.size() < 2) {
            throw new ConfigurationException(file + ", column '" + labelName + "': only the class '" + classes.get(0)
                    + "' in the whole file: classification needs at least two");
        }
        String metric = metric(settings, regression, classes.size());
        List<List<GlueReader.Example>> parts = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        List<GlueReader.Example> all = new ArrayList<>();
        String name = file.getFileName().toString();
        for (DelimitedTable.Row r : table.rows()) {
            String first = text(file, r, table.header().get(text), r.fields().get(text));
            String pair = second < 0 ? null : text(file, r, secondName, r.fields().get(second));
            double y = label(file, r, labelName, r.fields().get(label), regression, classes);
            GlueReader.Example e = new GlueReader.Example(first, pair, y, -1, name, (int) r.line());
            if (part >= 0) {
                String v = r.fields().get(part).trim();
                Integer p = PARTS.get(v.toLowerCase(Locale.ROOT));
                if (p == null) {
                    throw new ConfigurationException(file + ", line " + r.line() + ", field '" + table.header().get(part) + "': '" + v
                            + "' is not a part; write train, validation (or valid, val) or test");
                }
                parts.get(p).add(e);
            } else {
                all.add(e);
            }
        }
        if (part < 0) {
            double vf = settings.getDouble("validationFraction");
            double tf = settings.getDouble("testFraction");
            if (!(vf > 0 && tf > 0 && vf + tf < 1)) {
                throw new ConfigurationException(settings.owner() + ": validationFraction and testFraction must be above 0 and sum to below 1");
            }
            long seed = settings.getInt("splitSeed");
            List<List<GlueReader.Example>> test = LabelledTextTask.carve(all, tf, seed, file + ": testFraction " + tf);
            List<List<GlueReader.Example>> validation = LabelledTextTask.carve(test.get(1), vf / (1 - tf), seed + 1,
                    file + ": validationFraction " + vf);
            parts = List.of(validation.get(1), validation.get(0), test.get(0));
        }
        for (int p = 0; p < 3; p++) {
            if (parts.get(p).isEmpty()) {
                throw new ConfigurationException(file + ": the " + List.of("train", "validation", "test").get(p) + " part is empty ("
                        + table.rows().size() + " rows; the split column names no row so, or the file is too small)");
            }
        }
        Map<String, String> checksums = new LinkedHashMap<>();
        try {
            checksums.put(name, Provenance.sha256(java.nio.file.Files.readAllBytes(file)));
        } catch (java.io.IOException e) {
            throw new ConfigurationException(file + ": cannot read: " + e.getMessage(), e);
        }
        Path tokenizerFile = TextFiles.resolve(settings, "tokenizer");
        try (TextTokenizer tokenizer = TextTokenizer.load(tokenizerFile, settings.getInt("maxLength"))) {
            TextLabels labels = regression ? TextLabels.regression(metric) : TextLabels.classes(classes, metric);
            LabelledTextTask task = new LabelledTextTask(name.replaceFirst("(?i)\\.(csv|tsv)(\\.gz)?$", ""), labels, checksums,
                    parts.get(0), parts.get(1), parts.get(2), second >= 0, tokenizer);
            task.noteKind(kindSetting.equals("auto") ? "inferred from the labels: " + (regression ? "numbers other than 0 and 1"
                    : numeric ? "every label is 0 or 1" : "labels that are not numbers") + "; set 'kind' to choose" : "set");
            task.readsInputs(TextPredictor.inputs(labelName, table.header().get(text), secondName, settings.getString("delimiter"),
                    settings.getString("tokenizer"), tokenizerFile, tokenizer));
            return task;
        }
    }

    private static int fail(String message) {
        throw new ConfigurationException(message);
    }

    private static Double number(String field) {
        try {
            double v = Double.parseDouble(field.trim());
            return Double.isFinite(v) ? v : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** At most 20 distinct values, all whole numbers: class ids as much as a score. */
    private static boolean fewWholeNumbers(DelimitedTable table, int label) {
        java.util.Set<Double> values = new java.util.HashSet<>();
        for (DelimitedTable.Row r : table.rows()) {
            double v = number(r.fields().get(label));
            if (v != Math.rint(v)) {
                return false;
            }
            values.add(v);
        }
        return values.size() <= 20;
    }

    /** Class names in order: numerically when every label is a number (0 before 1), else alphabetically. */
    private static List<String> classes(DelimitedTable table, int label, boolean numeric) {
        TreeSet<String> names = numeric
                ? new TreeSet<>(java.util.Comparator.comparingDouble((String s) -> Double.parseDouble(s)).thenComparing(s -> s))
                : new TreeSet<>();
        table.rows().forEach(r -> names.add(numeric ? normalNumber(r.fields().get(label)) : r.fields().get(label).trim()));
        return List.copyOf(names);
    }

    /** "1", "1.0" and " 1" are one class. */
    private static String normalNumber(String field) {
        double v = Double.parseDouble(field.trim());
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    private static String metric(Settings settings, boolean regression, int classes) {
        String m = settings.getString("metric");
        List<String> allowed = regression ? List.of("pearson", "spearman") : classes == 2 ? List.of("accuracy", "f1", "mcc") : List.of("accuracy");
        if (m.isEmpty()) {
            return allowed.get(0);
        }
        if (!allowed.contains(m)) {
            throw new ConfigurationException(settings.owner() + ": setting 'metric' must be one of " + allowed + " for these labels, got '" + m + "'");
        }
        return m;
    }

    private static String text(Path file, DelimitedTable.Row r, String column, String field) {
        if (field.isBlank()) {
            throw new ConfigurationException(file + ", line " + r.line() + ", field '" + column + "': empty text");
        }
        return field.strip();
    }

    private static double label(Path file, DelimitedTable.Row r, String column, String field, boolean regression, List<String> classes) {
        if (field.isBlank()) {
            throw new ConfigurationException(file + ", line " + r.line() + ", field '" + column + "': no label (every row of a "
                    + "text task needs one)");
        }
        if (regression) {
            Double v = number(field);
            if (v == null) {
                throw new ConfigurationException(file + ", line " + r.line() + ", field '" + column + "': '" + field
                        + "' is not a number (kind: regression)");
            }
            return v;
        }
        String name = number(field) != null && classes.contains(normalNumber(field)) ? normalNumber(field) : field.trim();
        return classes.indexOf(name);
    }

    @Override
    public Predictor<?> predictor(Map<String, Object> state) {
        return TextPredictor.of(state);
    }
}
