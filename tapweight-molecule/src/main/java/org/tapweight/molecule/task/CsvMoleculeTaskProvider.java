package org.tapweight.molecule.task;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tapweight.api.modality.Predictor;
import org.tapweight.api.modality.Task;
import org.tapweight.api.modality.TaskProvider;
import org.tapweight.api.plugin.ConfigurationException;
import org.tapweight.api.plugin.SettingSpec;
import org.tapweight.api.plugin.Settings;
import org.tapweight.molecule.data.FeaturizedTable;
import org.tapweight.molecule.data.InvalidSmilesPolicy;
import org.tapweight.molecule.data.LabelKind;
import org.tapweight.molecule.data.MoleculeLoader;
import org.tapweight.molecule.data.SmilesTableReader;
import org.tapweight.molecule.data.Splits;
import org.tapweight.molecule.data.TableColumns;

/**
 * Service provider for id {@code molecule-csv} (modality {@code molecule}): a user's own CSV of
 * SMILES and labels. The file, the SMILES column and the label columns are settings; the labels are
 * classification (0/1, scored by ROC-AUC) or regression (scored by RMSE), set or inferred from the
 * values (and said so in the data report); the split is by scaffold, random, or a column of the
 * file that names each row's part. Errors name the file, line and field, as for the bundled files.
 */
public final class CsvMoleculeTaskProvider implements TaskProvider {

    /** What a split column may say, case ignored. */
    private static final Map<String, Integer> PARTS = Map.of("train", 0, "validation", 1, "valid", 1, "val", 1, "test", 2);

    @Override
    public String id() {
        return "molecule-csv";
    }

    @Override
    public String description() {
        return "your own CSV of SMILES and labels (classification or regression; split by scaffold, at random, or by a column)";
    }

    @Override
    public String modality() {
        return "molecule";
    }

    @Override
    public List<SettingSpec> settings() {
        List<SettingSpec> s = new ArrayList<>();
        s.add(SettingSpec.ofString("file", null, "the CSV file (.csv or .csv.gz; relative to the config file's folder)"));
        s.add(SettingSpec.ofString("smilesColumn", "smiles", "the column holding the SMILES"));
        s.add(SettingSpec.ofString("labelColumns", "", "comma-separated label columns; empty: every other column"));
        s.add(SettingSpec.ofString("kind", "auto", "classification (labels 0/1), regression, or auto (classification when every label is 0 or 1)"));
        s.add(SettingSpec.ofString("split", "scaffold", "scaffold (deterministic), random (seeded), or column (the file's splitColumn)"));
        s.add(SettingSpec.ofString("splitColumn", "split", "with split: column, the column naming each row's part: train, validation (or valid, val) or test"));
        s.addAll(LabelledMoleculeTask.SHARED_SETTINGS);
        return s;
    }

    @Override
    public Task<?> create(Settings settings) {
        Path file = settings.getPath("file");
        String split = settings.getString("split");
        String splitColumn = settings.getString("splitColumn");
        List<String> labels = Arrays.stream(settings.getString("labelColumns").split(",")).map(String::trim)
                .filter(c -> !c.isEmpty()).toList();
        TableColumns columns = new TableColumns(settings.getString("smilesColumn"), labels,
                split.equals("column") ? List.of(splitColumn) : List.of());
        String kindSetting = settings.getString("kind").toLowerCase(Locale.ROOT);
        if (!List.of("auto", "classification", "regression").contains(kindSetting)) {
            throw new ConfigurationException(settings.owner() + ": setting 'kind' must be auto, classification or regression, got '"
                    + settings.getString("kind") + "'");
        }
        InvalidSmilesPolicy policy = settings.getChoice("invalidSmiles", InvalidSmilesPolicy.class);
        MoleculeLoader loader = LabelledMoleculeTask.loader(settings);
        FeaturizedTable table = loader.load(file, columns, kindSetting.equals("classification"), policy);
        LabelKind kind = kindSetting.equals("auto") ? LabelKind.inferred(table.labels()) : LabelKind.valueOf(kindSetting.toUpperCase(Locale.ROOT));
        if (!split.equals("column")) {
            Splits.requireEnough(table); // a split column is checked part by part instead
        }
        String name = file.getFileName().toString();
        String id = name.replaceFirst("(?i)\\.csv(\\.gz)?$", "");
        LabelledMoleculeTask task = LabelledMoleculeTask.build(id, name, kind, table, t -> switch (split) {
            case "column" -> byColumn(file, splitColumn, t);
            default -> LabelledMoleculeTask.split(split, t, settings.getInt("splitSeed"), settings, "scaffold, random or column");
        }, split.equals("column") ? "column '" + splitColumn + "'" : split, settings, loader, columns.smiles());
        task.kindFrom(kindSetting.equals("auto")
                ? "inferred from the labels: " + (kind == LabelKind.CLASSIFICATION ? "every label is 0 or 1"
                : "some label is neither 0 nor 1") + "; set 'kind' to choose"
                : "set");
        return task;
    }

    /** The parts the file's split column names, row by row; an empty or unknown value is an error naming its line. */
    private static Splits byColumn(Path file, String column, FeaturizedTable table) {
        Map<Long, String> values = SmilesTableReader.column(file, column);
        List<List<Integer>> parts = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (int i = 0; i < table.size(); i++) {
            long line = table.lines()[i];
            String v = values.getOrDefault(line, "");
            Integer part = PARTS.get(v.toLowerCase(Locale.ROOT));
            if (part == null) {
                throw new ConfigurationException(file + ", line " + line + ", field '" + column + "': '" + v
                        + "' is not a part; write train, validation (or valid, val) or test");
            }
            parts.get(part).add(i);
        }
        return new Splits(toArray(parts.get(0)), toArray(parts.get(1)), toArray(parts.get(2)));
    }

    private static int[] toArray(List<Integer> list) {
        return list.stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public Predictor<?> predictor(Map<String, Object> state) {
        return MoleculePredictor.of(state);
    }
}
