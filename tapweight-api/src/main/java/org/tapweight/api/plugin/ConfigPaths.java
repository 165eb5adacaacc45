package org.tapweight.api.plugin;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How a relative path written in a config file is found: next to the config file first, so a config
 * and its data can move together to any folder; else in the working folder, where the repository's
 * own example configs name files from the checkout root ({@code models/...}). A path found in
 * neither place is taken next to the config file, so the error that follows names that place. Runs
 * record the paths they resolved (data checksums and the data report name the file read).
 */
public final class ConfigPaths {

    private ConfigPaths() {
    }

    /**
     * @param configFolder the folder of the config file, or null when the config did not come from a
     *                     file (then the working folder)
     */
    public static Path resolve(Path configFolder, String value) {
        if (value == null || value.isBlank()) {
            throw new ConfigurationException("an empty path was given where a file is needed");
        }
        Path p = Path.of(value);
        if (p.isAbsolute() || configFolder == null) {
            return p;
        }
        Path nearConfig = configFolder.resolve(p).normalize();
        if (Files.exists(nearConfig) || !Files.exists(p)) {
            return nearConfig;
        }
        return p;
    }
}
