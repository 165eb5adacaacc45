package org.tapweight.api.plugin;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How a relative path written in a config file is found: next to the config file first, so a config
 * and its data can move together to any folder; else in the working folder; else in the installation
 * ({@code $TAPWEIGHT_HOME}, which {@code bin/tapweight} sets to the checkout or the unpacked
 * distribution), where the shipped example configs name files from its root
 * ({@code models/molecule-base-encoder.zip}). A path found nowhere is taken next to the config file,
 * so the error that follows names that place. Runs record what they read: data checksums by name,
 * the data report with the file's path.
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
        if (p.isAbsolute()) {
            return p;
        }
        if (configFolder == null) {
            configFolder = Path.of("");
        }
        Path nearConfig = configFolder.resolve(p).normalize();
        if (Files.exists(nearConfig)) {
            return nearConfig;
        }
        if (Files.exists(p)) {
            return p;
        }
        String home = System.getenv("TAPWEIGHT_HOME");
        if (home != null && Files.exists(Path.of(home).resolve(p))) {
            return Path.of(home).resolve(p).normalize();
        }
        return nearConfig;
    }
}
