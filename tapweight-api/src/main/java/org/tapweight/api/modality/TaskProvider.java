package org.tapweight.api.modality;

import org.tapweight.api.plugin.PluginProvider;
import org.tapweight.api.plugin.Settings;

/** Creates tasks of one modality from their settings. */
public interface TaskProvider extends PluginProvider {

    /** The modality id, e.g. {@code "molecule"}, {@code "text"} or {@code "dense"}. */
    String modality();

    Task<?> create(Settings settings);
}
