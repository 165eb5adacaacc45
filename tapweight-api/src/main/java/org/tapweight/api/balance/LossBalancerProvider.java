package org.tapweight.api.balance;

import org.tapweight.api.plugin.PluginProvider;
import org.tapweight.api.plugin.Settings;

/** Creates a {@link LossBalancer} from its settings. */
public interface LossBalancerProvider extends PluginProvider {

    LossBalancer create(Settings settings);
}
