package org.tapweight.api.modality;

import org.tapweight.api.plugin.PluginProvider;
import org.tapweight.api.plugin.Settings;

/** Creates encoders of one modality from their settings. */
public interface EncoderProvider extends PluginProvider {

    /** The modality id, e.g. {@code "molecule"}, {@code "text"} or {@code "dense"}. */
    String modality();

    /** @param sample data the encoder will read, for input dimensions */
    Encoder<?> create(Settings settings, Dataset<?> sample);
}
