package org.tapweight.bench.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.tapweight.api.plugin.ConfigurationException;
import picocli.CommandLine.Option;

/** {@code --plugins DIR}: third-party plug-in jars to add to the class path. */
public final class PluginOptions {

    @Option(names = "--plugins", paramLabel = "DIR", description = "A folder of plug-in jars to load (repeatable).")
    List<Path> pluginDirs = new ArrayList<>();

    /** A class loader that sees the framework and every jar in the plug-in folders. */
    ClassLoader loader() {
        List<URL> urls = new ArrayList<>();
        for (Path dir : pluginDirs) {
            if (!Files.isDirectory(dir)) {
                throw new ConfigurationException("--plugins " + dir + ": not a folder");
            }
            try (Stream<Path> files = Files.list(dir)) {
                for (Path jar : files.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                    urls.add(jar.toUri().toURL());
                }
            } catch (MalformedURLException e) {
                throw new IllegalStateException(e);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        ClassLoader parent = TapWeightCli.class.getClassLoader();
        return urls.isEmpty() ? parent : new URLClassLoader(urls.toArray(URL[]::new), parent);
    }
}
