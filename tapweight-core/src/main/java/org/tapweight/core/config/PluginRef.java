package org.tapweight.core.config;

import java.util.LinkedHashMap;
import java.util.Map;

/** A plug-in chosen by id, with the settings to give it (defaults fill the rest). */
public final class PluginRef {

    public String id;
    /** How the run refers to this instance (objective names in records); defaults to the id. */
    public String name;
    public Map<String, Object> settings = new LinkedHashMap<>();

    public PluginRef() {
    }

    public PluginRef(String id, Map<String, Object> settings) {
        this.id = id;
        this.settings = new LinkedHashMap<>(settings);
    }

    public static PluginRef of(String id) {
        return new PluginRef(id, Map.of());
    }

    public static PluginRef of(String id, Map<String, Object> settings) {
        return new PluginRef(id, settings);
    }

    /** {@link #name} if given, else {@link #id}. */
    public String displayName() {
        return name != null ? name : id;
    }

    /** A copy with a name, for a second instance of the same plug-in. */
    public PluginRef named(String newName) {
        PluginRef r = new PluginRef(id, settings);
        r.name = newName;
        return r;
    }

    @Override
    public String toString() {
        return settings.isEmpty() ? id : id + settings;
    }
}
