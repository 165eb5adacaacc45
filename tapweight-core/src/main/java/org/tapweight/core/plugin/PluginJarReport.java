package org.tapweight.core.plugin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tapweight.api.plugin.PluginProvider;
import org.tapweight.core.config.PluginRef;
import org.tapweight.core.config.RunConfig;

/**
 * The run record's account of third-party plug-in jars: each jar's file name, SHA-256, the providers
 * it supplied and which of those the run used. A provider's id is a method of its instance, so the
 * registry instantiates every provider of every jar to learn the ids (a jar that supplies nothing the
 * run uses is still loaded); the record says which ones those were.
 */
public final class PluginJarReport {

    private PluginJarReport() {
    }

    /**
     * One entry per jar of {@code loader} if it is a {@link PluginJarLoader}, else an empty list.
     *
     * @param used the providers the run uses, as {@code "<kind label> <id>"}, e.g. {@code "objective row-sum"}
     */
    public static List<Map<String, Object>> of(ClassLoader loader, PluginRegistry registry, Set<String> used) {
        if (!(loader instanceof PluginJarLoader jarLoader)) {
            return List.of();
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Path jar : jarLoader.jars()) {
            List<String> supplied = new ArrayList<>();
            for (PluginRegistry.Kind kind : PluginRegistry.Kind.values()) {
                for (PluginProvider p : registry.all(kind)) {
                    if (jar.equals(location(p))) {
                        supplied.add(kind.label() + " " + p.id());
                    }
                }
            }
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("file", jar.getFileName().toString());
            entry.put("path", jar.toString());
            entry.put("sha256", sha256(jar));
            entry.put("providers", supplied);
            entry.put("used", supplied.stream().filter(used::contains).toList());
            out.add(entry);
        }
        return out;
    }

    /** The providers {@code config} uses, in the form {@link #of} takes. */
    public static Set<String> usedBy(RunConfig config) {
        Set<String> used = new LinkedHashSet<>();
        used.add(PluginRegistry.Kind.TASK.label() + " " + config.task.id);
        used.add(PluginRegistry.Kind.ENCODER.label() + " " + config.encoder.id);
        for (PluginRef o : config.objectives) {
            used.add(PluginRegistry.Kind.OBJECTIVE.label() + " " + o.id);
        }
        used.add(PluginRegistry.Kind.STRATEGY.label() + " " + config.levelIII.strategyI.id);
        used.add(PluginRegistry.Kind.STRATEGY.label() + " " + config.levelIII.strategyIIOrDefault().id);
        used.add(PluginRegistry.Kind.WEIGHT_MAP.label() + " " + config.weightMap.id);
        if (config.mode == org.tapweight.core.config.Mode.BALANCED && config.balancer != null) {
            used.add(PluginRegistry.Kind.BALANCER.label() + " " + config.balancer.id);
        }
        for (PluginRef l : config.listeners) {
            used.add(PluginRegistry.Kind.LISTENER.label() + " " + l.id);
        }
        return used;
    }

    private static Path location(PluginProvider p) {
        CodeSource source = p.getClass().getProtectionDomain().getCodeSource();
        URL url = source == null ? null : source.getLocation();
        try {
            return url == null || !"file".equals(url.getProtocol()) ? null : Path.of(url.toURI()).toAbsolutePath().normalize();
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    private static String sha256(Path jar) {
        try {
            return org.tapweight.core.run.Provenance.sha256(Files.readAllBytes(jar));
        } catch (IOException e) {
            throw new UncheckedIOException(jar + ": cannot read the plug-in jar", e);
        }
    }
}
