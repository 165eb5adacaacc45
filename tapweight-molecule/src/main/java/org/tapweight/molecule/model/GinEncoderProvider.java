package org.tapweight.molecule.model;

import java.util.List;
import org.tapweight.api.modality.Dataset;
import org.tapweight.api.modality.Encoder;
import org.tapweight.api.modality.EncoderProvider;
import org.tapweight.api.plugin.ConfigurationException;
import org.tapweight.api.plugin.SettingSpec;
import org.tapweight.api.plugin.Settings;

/** Service provider for the graph encoder, id {@code gin} (modality {@code molecule}). */
public final class GinEncoderProvider implements EncoderProvider {

    @Override
    public String id() {
        return "gin";
    }

    @Override
    public String description() {
        return "GIN-style message passing with bond features, SiLU, dropout, sum or mean readout";
    }

    @Override
    public String modality() {
        return "molecule";
    }

    @Override
    public List<SettingSpec> settings() {
        return List.of(SettingSpec.ofInt("hidden", 128, "width of atom vectors"),
                SettingSpec.ofInt("layers", 3, "message-passing layers"),
                SettingSpec.ofDouble("dropout", 0.1, "dropout on hidden layers (0 to 1)"),
                SettingSpec.ofString("readout", "mean", "sum or mean over a molecule's atoms"));
    }

    @Override
    public Encoder<?> create(Settings settings, Dataset<?> sample) {
        if (!(sample instanceof GraphDataset)) {
            throw new ConfigurationException("encoder 'gin' reads molecular graphs, but the task's data is " + sample.name());
        }
        GraphReadout readout = settings.getChoice("readout", GraphReadout.class);
        int hidden = settings.getInt("hidden");
        int layers = settings.getInt("layers");
        double dropout = settings.getDouble("dropout");
        if (hidden < 1 || layers < 1 || !(dropout >= 0 && dropout < 1)) {
            throw new ConfigurationException(settings.owner() + ": needs hidden >= 1, layers >= 1 and dropout in [0, 1)");
        }
        return new GinEncoder(hidden, layers, dropout, readout);
    }
}
