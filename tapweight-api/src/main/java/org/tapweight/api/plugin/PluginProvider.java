package org.tapweight.api.plugin;

import java.net.URL;
import java.security.CodeSource;
import java.util.List;

/**
 * What every plug-in provider has: an id that configs use to name it, a one-line description and
 * its settings with defaults. Providers are found with {@link java.util.ServiceLoader}; a module
 * lists its providers in {@code META-INF/services/<provider interface>}.
 */
public interface PluginProvider {

    /** The id a config uses to choose this plug-in, e.g. {@code "cg"}; unique per provider kind. */
    String id();

    /** One line that {@code tapweight list} shows. */
    String description();

    /** The settings this plug-in accepts, with their defaults. */
    default List<SettingSpec> settings() {
        return List.of();
    }

    /** Where the provider's class was loaded from (a jar or a class folder), for error messages. */
    default String origin() {
        CodeSource source = getClass().getProtectionDomain().getCodeSource();
        URL location = source == null ? null : source.getLocation();
        return location == null ? getClass().getName() + " (unknown location)"
                : getClass().getName() + " from " + location;
    }
}
