package org.tapweight.api.modality;

import java.util.Map;
import org.tapweight.api.plugin.ConfigurationException;
import org.tapweight.api.plugin.PluginProvider;
import org.tapweight.api.plugin.Settings;

/** Creates tasks of one modality from their settings. */
public interface TaskProvider extends PluginProvider {

    /** The modality id, e.g. {@code "molecule"}, {@code "text"} or {@code "dense"}. */
    String modality();

    Task<?> create(Settings settings);

    /**
     * A predictor from the {@link Task#predictorState()} of a task this provider made; by default
     * the task cannot score new inputs.
     */
    default Predictor<?> predictor(Map<String, Object> state) {
        throw new ConfigurationException("task '" + id() + "' cannot score new inputs (it keeps no predictor state)");
    }
}
