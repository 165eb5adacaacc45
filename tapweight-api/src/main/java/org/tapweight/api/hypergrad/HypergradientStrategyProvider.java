package org.tapweight.api.hypergrad;

import org.tapweight.api.plugin.PluginProvider;
import org.tapweight.api.plugin.Settings;

/** Creates a {@link HypergradientStrategy} from its settings. */
public interface HypergradientStrategyProvider extends PluginProvider {

    /**
     * @param settings resolved against {@link #settings()}
     * @throws org.tapweight.api.plugin.ConfigurationException if a setting is out of range
     */
    HypergradientStrategy create(Settings settings);
}
