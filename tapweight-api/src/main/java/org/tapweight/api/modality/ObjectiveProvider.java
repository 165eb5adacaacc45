package org.tapweight.api.modality;

import org.tapweight.api.plugin.PluginProvider;
import org.tapweight.api.plugin.Settings;

/** Creates objectives of one modality from their settings. */
public interface ObjectiveProvider extends PluginProvider {

    /** The modality id, e.g. {@code "molecule"}, {@code "text"} or {@code "dense"}. */
    String modality();

    Objective<?> create(Settings settings);
}
