package org.tapweight.bench.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.tapweight.api.plugin.ConfigurationException;
import org.tapweight.core.plugin.PluginJarLoader;
import picocli.CommandLine.Option;

/** {@code --plugins DIR}: third-party plug-in jars to add to the class path. */
public final class PluginOptions {

    @Option(names = "--plugins", paramLabel = "DIR", description = "A folder of plug-in jars to load (repeatable).")
    List<Path> pluginDirs = new ArrayList<>();

    /**
     * A class loader that sees the framework and every jar in the plug-in folders. Every provider in
     * those jars is instantiated when the registry loads (ids are only known from instances); run
     * records list the jars, their SHA-256 and which providers the run used.
     */
    ClassLoader loader() {
        List<Path> jars = new ArrayList<>();
        for (Path dir : pluginDirs) {
            if (!Files.isDirectory(dir)) {
                throw new ConfigurationException("--plugins " + dir + ": not a folder");
            }
            try (Stream<Path> files = Files.list(dir)) {
                jars.addAll(files.filter(p -> p.toString().endsWith(".jar")).sorted().toList());
            } catch (IOException e) {
                throw new UncheckedIOException("--plugins " + dir, e);
            }
        }
        ClassLoader parent = TapWeightCli.class.getClassLoader();
        return jars.isEmpty() ? parent : new PluginJarLoader(jars, parent);
    }
}
