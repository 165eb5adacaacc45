package org.tapweight.core.plugin;

import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;

/** A class loader for third-party plug-in jars ({@code --plugins}) that remembers which jars it was given, for run records. */
public final class PluginJarLoader extends URLClassLoader {

    private final List<Path> jars;

    public PluginJarLoader(List<Path> jars, ClassLoader parent) {
        super(urls(jars), parent);
        this.jars = jars.stream().map(j -> j.toAbsolutePath().normalize()).toList();
    }

    /** The jars, absolute, in the order given. */
    public List<Path> jars() {
        return jars;
    }

    private static URL[] urls(List<Path> jars) {
        URL[] urls = new URL[jars.size()];
        for (int i = 0; i < urls.length; i++) {
            try {
                urls[i] = jars.get(i).toUri().toURL();
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException(jars.get(i) + ": not a file path", e);
            }
        }
        return urls;
    }
}
