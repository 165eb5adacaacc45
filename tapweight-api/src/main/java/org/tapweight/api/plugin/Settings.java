package org.tapweight.api.plugin;

import java.math.BigInteger;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The resolved settings of one plug-in instance: every declared setting has a value of its
 * declared type (given or default). Unknown names and values of the wrong type are errors that
 * name the plug-in and the setting.
 */
public final class Settings {

    private final String owner;
    private final Map<String, Object> values;
    /** The folder of the config file the settings were written in, or null (see {@link #getPath}). */
    private final java.nio.file.Path baseDir;

    private Settings(String owner, Map<String, Object> values, java.nio.file.Path baseDir) {
        this.owner = owner;
        this.values = Collections.unmodifiableMap(values);
        this.baseDir = baseDir;
    }

    private Settings(String owner, Map<String, Object> values) {
        this(owner, values, null);
    }

    /** The same settings, with relative paths resolved against {@code configFolder} first ({@link #getPath}). */
    public Settings relativeTo(java.nio.file.Path configFolder) {
        return new Settings(owner, values, configFolder);
    }

    /** Settings of a plug-in that has none. */
    public static Settings empty(String owner) {
        return new Settings(owner, Map.of());
    }

    /**
     * Resolves {@code given} against {@code specs}: fills defaults, converts types, rejects unknown
     * names.
     *
     * @param owner a name for messages, e.g. {@code "strategy 'cg'"}
     */
    public static Settings resolve(String owner, List<SettingSpec> specs, Map<String, ?> given) {
        Map<String, SettingSpec> byName = new LinkedHashMap<>();
        for (SettingSpec spec : specs) {
            byName.put(spec.name(), spec);
        }
        Map<String, ?> input = given == null ? Map.of() : given;
        for (String name : input.keySet()) {
            if (!byName.containsKey(name)) {
                throw new ConfigurationException(owner + " has no setting '" + name + "'; known settings: "
                        + (byName.isEmpty() ? "none" : String.join(", ", new TreeMap<>(byName).keySet())));
            }
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (SettingSpec spec : specs) {
            Object raw = input.containsKey(spec.name()) ? input.get(spec.name()) : spec.defaultValue();
            if (raw == null) {
                throw new ConfigurationException(owner + ": setting '" + spec.name() + "' has no default and must be given ("
                        + spec.description() + ")");
            }
            values.put(spec.name(), convert(spec.type(), raw, owner + ": setting '" + spec.name() + "'"));
        }
        return new Settings(owner, values);
    }

    static Object convert(SettingSpec.Type type, Object raw, String what) {
        try {
            switch (type) {
                case INT:
                    return toInt(raw, what);
                case DOUBLE:
                    return raw instanceof Number n ? n.doubleValue() : Double.parseDouble(raw.toString().trim());
                case BOOLEAN:
                    if (raw instanceof Boolean b) {
                        return b;
                    }
                    String s = raw.toString().trim();
                    if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")) {
                        return Boolean.parseBoolean(s);
                    }
                    throw new ConfigurationException(what + " must be true or false, got '" + raw + "'");
                case STRING:
                    return raw.toString();
                default:
                    throw new AssertionError(type);
            }
        } catch (NumberFormatException e) {
            throw new ConfigurationException(what + " must be of type " + type.name().toLowerCase() + ", got '" + raw + "'");
        }
    }

    /** A whole number as written; one outside int's range is an error, never wrapped around as {@code intValue()} would. */
    private static int toInt(Object raw, String what) {
        Number n = raw instanceof Number given ? given : new BigInteger(raw.toString().trim());
        double d = n.doubleValue(); // exact enough: every value outside int's range stays outside as a double
        if (Double.isNaN(d) || (!Double.isInfinite(d) && d != Math.rint(d))) {
            throw new ConfigurationException(what + " must be a whole number, got " + raw);
        }
        if (d > Integer.MAX_VALUE || d < Integer.MIN_VALUE) {
            throw new ConfigurationException(what + ": " + raw.toString().trim() + " does not fit a whole number ("
                    + (d > 0 ? "largest " + Integer.MAX_VALUE : "smallest " + Integer.MIN_VALUE) + ")");
        }
        return n.intValue();
    }

    public String owner() {
        return owner;
    }

    public int getInt(String name) {
        return (Integer) get(name);
    }

    public double getDouble(String name) {
        return (Double) get(name);
    }

    public boolean getBoolean(String name) {
        return (Boolean) get(name);
    }

    public String getString(String name) {
        return (String) get(name);
    }

    /**
     * A string setting read as a file path, by {@link ConfigPaths#resolve}: relative to the config
     * file's folder when the file is there, else to the working folder.
     */
    public java.nio.file.Path getPath(String name) {
        return ConfigPaths.resolve(baseDir, getString(name));
    }

    /**
     * A string setting read as one of an enum's constants, case-insensitively ({@code "mean"} for
     * {@code MEAN}); anything else is a configuration error listing the choices in lower case.
     */
    public <E extends Enum<E>> E getChoice(String name, Class<E> type) {
        String value = getString(name);
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(value)) {
                return e;
            }
        }
        java.util.List<String> choices = java.util.Arrays.stream(type.getEnumConstants())
                .map(e -> e.name().toLowerCase(java.util.Locale.ROOT)).toList();
        String listed = choices.size() == 2 ? choices.get(0) + " or " + choices.get(1) : "one of " + String.join(", ", choices);
        throw new ConfigurationException(owner + ": setting '" + name + "' must be " + listed + ", got '" + value + "'");
    }

    /** All values, in declaration order, for run records. */
    public Map<String, Object> asMap() {
        return values;
    }

    private Object get(String name) {
        Object v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException(owner + " declares no setting '" + name + "'");
        }
        return v;
    }

    /** Checks {@code value > 0} (or {@code >= 0} when {@code allowZero}) and names the setting otherwise. */
    public double requireNonNegative(String name, boolean allowZero) {
        double v = ((Number) get(name)).doubleValue();
        if (!(allowZero ? v >= 0 : v > 0) || Double.isNaN(v)) {
            throw new ConfigurationException(owner + ": setting '" + name + "' must be " + (allowZero ? ">= 0" : "> 0")
                    + ", got " + v);
        }
        return v;
    }

    @Override
    public String toString() {
        return owner + " " + values;
    }
}
