package org.tapweight.api.listen;

import java.nio.file.Path;
import org.tapweight.api.plugin.PluginProvider;
import org.tapweight.api.plugin.Settings;

/** Creates run listeners, named in a config's {@code listeners} list (e.g. {@code {id: tensorboard}}). */
public interface RunListenerProvider extends PluginProvider {

    /** @param outputDir the run's output folder, where a listener keeps its files unless told otherwise */
    RunListener create(Settings settings, Path outputDir);
}
