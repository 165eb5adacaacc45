package org.tapweight.molecule.task;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tapweight.api.modality.Predictor;
import org.tapweight.api.modality.Task;
import org.tapweight.api.modality.TaskProvider;
import org.tapweight.api.plugin.SettingSpec;
import org.tapweight.api.plugin.Settings;
import org.tapweight.core.data.DataFiles;
import org.tapweight.molecule.data.FeaturizedTable;
import org.tapweight.molecule.data.InvalidSmilesPolicy;
import org.tapweight.molecule.data.LabelKind;
import org.tapweight.molecule.data.MoleculeLoader;
import org.tapweight.molecule.data.MoleculeNetDataset;
import org.tapweight.molecule.data.Splits;

/**
 * Service provider for id {@code moleculenet} (modality {@code molecule}): a bundled MoleculeNet
 * file, a scaffold (default) or seeded random 80/10/10 split.
 */
public final class MoleculeNetTaskProvider implements TaskProvider {

    @Override
    public String id() {
        return "moleculenet";
    }

    @Override
    public String description() {
        return "a bundled MoleculeNet data set (bbbp, bace, clintox, tox21, sider, toxcast, hiv, muv, esol, freesolv, lipophilicity)";
    }

    @Override
    public String modality() {
        return "molecule";
    }

    @Override
    public List<SettingSpec> settings() {
        List<SettingSpec> s = new ArrayList<>();
        s.add(SettingSpec.ofString("dataset", "bbbp", "data set id"));
        s.add(SettingSpec.ofString("split", "scaffold", "scaffold (deterministic) or random (seeded)"));
        s.addAll(LabelledMoleculeTask.SHARED_SETTINGS);
        return s;
    }

    @Override
    public Task<?> create(Settings settings) {
        MoleculeNetDataset d = MoleculeNetDataset.byId(settings.getString("dataset"));
        InvalidSmilesPolicy policy = settings.getChoice("invalidSmiles", InvalidSmilesPolicy.class);
        Path file = DataFiles.locate("moleculenet/" + d.fileName());
        MoleculeLoader loader = LabelledMoleculeTask.loader(settings);
        FeaturizedTable table = loader.load(file, d.smilesColumn(), d.kind() == LabelKind.CLASSIFICATION, policy);
        Splits.requireEnough(table);
        String split = settings.getString("split");
        return LabelledMoleculeTask.build(d.id(), d.fileName(), d.kind(), table,
                t -> LabelledMoleculeTask.split(split, t, settings.getInt("splitSeed"), settings, "scaffold or random"),
                split, settings, loader, d.smilesColumn());
    }

    @Override
    public Predictor<?> predictor(java.util.Map<String, Object> state) {
        return MoleculePredictor.of(state);
    }
}
