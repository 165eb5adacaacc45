package org.tapweight.tensorboard;

import java.nio.file.Path;
import java.util.List;
import org.tapweight.api.listen.RunListener;
import org.tapweight.api.listen.RunListenerProvider;
import org.tapweight.api.plugin.SettingSpec;
import org.tapweight.api.plugin.Settings;

/**
 * Service provider for id {@code tensorboard}: TensorBoard event files in the run's folder
 * ({@code listeners: [{id: tensorboard}]}, or {@code --set listeners=[{id: tensorboard}]}).
 */
public final class TensorBoardListenerProvider implements RunListenerProvider {

    @Override
    public String id() {
        return "tensorboard";
    }

    @Override
    public String description() {
        return "writes weights, losses, level times and final metrics as TensorBoard event files (tensorboard --logdir runs/)";
    }

    @Override
    public List<SettingSpec> settings() {
        return List.of(SettingSpec.ofString("folder", "tensorboard", "the event files' folder, inside the run's output folder"),
                SettingSpec.ofInt("flushEvery", 10, "write the file through to disk every N steps (and at the end)"));
    }

    @Override
    public RunListener create(Settings settings, Path outputDir) {
        int flushEvery = (int) settings.requireNonNegative("flushEvery", false);
        return new TensorBoardListener(outputDir.resolve(settings.getString("folder")), flushEvery);
    }
}
