package org.tapweight.examples.gcn;

import java.util.List;
import org.tapweight.api.modality.Dataset;
import org.tapweight.api.modality.Encoder;
import org.tapweight.api.modality.EncoderProvider;
import org.tapweight.api.plugin.ConfigurationException;
import org.tapweight.api.plugin.SettingSpec;
import org.tapweight.api.plugin.Settings;
import org.tapweight.molecule.model.GraphDataset;
import org.tapweight.molecule.model.GraphReadout;

/** Service provider for the example graph convolutional encoder, id {@code gcn} (modality {@code molecule}). */
public final class GcnEncoderProvider implements EncoderProvider {

    @Override
    public String id() {
        return "gcn";
    }

    @Override
    public String description() {
        return "graph convolutional network (Kipf and Welling), tanh, sum or mean readout (example plug-in)";
    }

    @Override
    public String modality() {
        return "molecule";
    }

    @Override
    public List<SettingSpec> settings() {
        return List.of(SettingSpec.ofInt("hidden", 64, "width of atom vectors"),
                SettingSpec.ofInt("layers", 3, "graph convolution layers"),
                SettingSpec.ofString("readout", "mean", "sum or mean over a molecule's atoms"));
    }

    @Override
    public Encoder<?> create(Settings settings, Dataset<?> sample) {
        if (!(sample instanceof GraphDataset)) {
            throw new ConfigurationException("encoder 'gcn' reads molecular graphs, but the task's data is " + sample.name());
        }
        int hidden = settings.getInt("hidden");
        int layers = settings.getInt("layers");
        if (hidden < 1 || layers < 1) {
            throw new ConfigurationException(settings.owner() + ": needs hidden >= 1 and layers >= 1");
        }
        GraphReadout readout = settings.getChoice("readout", GraphReadout.class);
        return new GcnEncoder(hidden, layers, readout);
    }
}
