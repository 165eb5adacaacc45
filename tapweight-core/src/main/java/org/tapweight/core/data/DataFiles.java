package org.tapweight.core.data;

import java.nio.file.Files;
import java.nio.file.Path;
import org.tapweight.api.plugin.ConfigurationException;

/**
 * Finds the project's bundled data: {@code $TAPWEIGHT_DATA} if set, else the first {@code data/}
 * folder at or above the working directory (so it works from the repository root and from a
 * module folder during tests).
 */
public final class DataFiles {

    private DataFiles() {
    }

    public static Path dataRoot() {
        String env = System.getenv("TAPWEIGHT_DATA");
        if (env != null) {
            return Path.of(env);
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("data").resolve("moleculenet")) || Files.isDirectory(p.resolve("data").resolve("glue"))) {
                return p.resolve("data");
            }
        }
        throw new ConfigurationException("cannot find the bundled data folder: run from the repository (it has data/moleculenet and data/glue) "
                + "or set TAPWEIGHT_DATA to the data folder");
    }

    /** A file below the data root, e.g. {@code moleculenet/bbbp.csv}; an error names it when missing. */
    public static Path locate(String relative) {
        Path p = dataRoot().resolve(relative);
        if (!Files.isRegularFile(p)) {
            throw new ConfigurationException(p + ": no such data file");
        }
        return p;
    }
}
