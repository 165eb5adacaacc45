package org.tapweight.nlp.task;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.tapweight.api.plugin.Settings;
import org.tapweight.api.plugin.ConfigurationException;
import org.tapweight.core.data.DataFiles;
import org.tapweight.core.record.AtomicFiles;
import org.tapweight.core.run.Provenance;

/**
 * Resolves project files named in settings (a tokenizer, a corpus): from the working folder, the
 * repository root, or, for {@code classpath:/NAME}, a resource of a jar on the class path (e.g.
 * MiniLM's tokenizer), copied once into the cache folder so that file-based readers can open it.
 */
final class TextFiles {

    static final String CLASSPATH = "classpath:";

    private TextFiles() {
    }

    /**
     * The file a path setting names: a class-path resource; a path next to the config file or in the
     * working folder ({@link Settings#getPath}); or else a path under the repository root.
     */
    static Path resolve(Settings settings, String key) {
        String name = settings.getString(key);
        return name.startsWith(CLASSPATH) ? resolve(name, null) : resolve(name, settings.getPath(key));
    }

    /** As {@link #resolve(Settings, String)} for a name from the working folder (tests). */
    static Path resolve(String name) {
        return resolve(name, Path.of(name));
    }

    private static Path resolve(String name, Path p) {
        if (name.startsWith(CLASSPATH)) {
            return resource(name.substring(CLASSPATH.length()));
        }
        if (Files.exists(p)) {
            return p;
        }
        // the repository root (above the bundled data), where the shipped configs name models/...
        Path root;
        try {
            root = DataFiles.dataRoot().toAbsolutePath().getParent();
        } catch (org.tapweight.api.plugin.ConfigurationException noDataFolder) {
            return p;
        }
        return root != null && Files.exists(root.resolve(name)) ? root.resolve(name) : p;
    }

    private static Path resource(String resource) {
        String path = resource.startsWith("/") ? resource : "/" + resource;
        try (InputStream in = TextFiles.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new ConfigurationException(CLASSPATH + path + ": no such resource on the class path "
                        + "(for MiniLM's tokenizer, the tapweight-minilm module must be there)");
            }
            byte[] bytes = in.readAllBytes();
            String env = System.getenv("TAPWEIGHT_CACHE");
            Path dir = (env != null ? Path.of(env) : Path.of(System.getProperty("user.home"), ".cache", "tapweight"))
                    .resolve("resources");
            Path file = dir.resolve(Provenance.sha256(bytes).substring(0, 16) + "-" + Path.of(path).getFileName());
            if (!Files.exists(file)) {
                Files.createDirectories(dir);
                AtomicFiles.writeString(file, new String(bytes, StandardCharsets.UTF_8));
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + CLASSPATH + path + " into the cache folder", e);
        }
    }
}
