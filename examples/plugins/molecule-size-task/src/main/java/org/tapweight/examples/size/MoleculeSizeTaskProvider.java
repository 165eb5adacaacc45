package org.tapweight.examples.size;

import java.nio.file.Path;
import java.util.List;
import org.tapweight.api.modality.Task;
import org.tapweight.api.modality.TaskProvider;
import org.tapweight.api.plugin.ConfigurationException;
import org.tapweight.api.plugin.SettingSpec;
import org.tapweight.api.plugin.Settings;
import org.tapweight.molecule.data.FeaturizedTable;
import org.tapweight.molecule.data.InvalidSmilesPolicy;
import org.tapweight.molecule.data.MoleculeLoader;
import org.tapweight.molecule.data.Splits;

/** Service provider for the example task, id {@code molecule-size} (modality {@code molecule}). */
public final class MoleculeSizeTaskProvider implements TaskProvider {

    @Override
    public String id() {
        return "molecule-size";
    }

    @Override
    public String description() {
        return "regress the heavy-atom count of the molecules of a SMILES file, random split (example plug-in)";
    }

    @Override
    public String modality() {
        return "molecule";
    }

    @Override
    public List<SettingSpec> settings() {
        return List.of(SettingSpec.ofString("file", "", "a CSV file with a SMILES column (required)"),
                SettingSpec.ofString("smilesColumn", "smiles", "the SMILES column's header"),
                SettingSpec.ofInt("splitSeed", 0, "seed of the random 80/10/10 split"));
    }

    @Override
    public Task<?> create(Settings settings) {
        String name = settings.getString("file");
        if (name.isBlank()) {
            throw new ConfigurationException(settings.owner() + ": setting 'file' (a CSV with SMILES) is required");
        }
        Path file = Path.of(name);
        if (!MoleculeSizeTask.readable(file)) {
            throw new ConfigurationException(settings.owner() + ": no readable file " + file.toAbsolutePath());
        }
        // Unparseable SMILES are left out and listed in the run record (dataReport), never silently.
        FeaturizedTable table = new MoleculeLoader(null).load(file, settings.getString("smilesColumn"), false,
                InvalidSmilesPolicy.SKIP);
        Splits.requireEnough(table);
        return new MoleculeSizeTask(table, Splits.random(table.size(), 0.8, 0.1, settings.getInt("splitSeed")));
    }
}
