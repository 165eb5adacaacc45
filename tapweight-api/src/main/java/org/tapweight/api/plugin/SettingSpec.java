package org.tapweight.api.plugin;

import java.util.Objects;

/** One named setting of a plug-in: its type, default value and meaning. */
public record SettingSpec(String name, Type type, Object defaultValue, String description) {

    /** The value types a setting can have. */
    public enum Type { INT, DOUBLE, BOOLEAN, STRING }

    public SettingSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(description, "description");
        if (defaultValue != null) {
            defaultValue = Settings.convert(type, defaultValue, "default of setting '" + name + "'");
        }
    }

    public static SettingSpec ofInt(String name, int defaultValue, String description) {
        return new SettingSpec(name, Type.INT, defaultValue, description);
    }

    public static SettingSpec ofDouble(String name, double defaultValue, String description) {
        return new SettingSpec(name, Type.DOUBLE, defaultValue, description);
    }

    public static SettingSpec ofBoolean(String name, boolean defaultValue, String description) {
        return new SettingSpec(name, Type.BOOLEAN, defaultValue, description);
    }

    public static SettingSpec ofString(String name, String defaultValue, String description) {
        return new SettingSpec(name, Type.STRING, defaultValue, description);
    }
}
