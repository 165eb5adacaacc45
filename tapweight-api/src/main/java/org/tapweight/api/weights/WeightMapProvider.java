package org.tapweight.api.weights;

import org.tapweight.api.plugin.PluginProvider;
import org.tapweight.api.plugin.Settings;

/** Creates a {@link WeightMap} from its settings. */
public interface WeightMapProvider extends PluginProvider {

    WeightMap create(Settings settings);
}
