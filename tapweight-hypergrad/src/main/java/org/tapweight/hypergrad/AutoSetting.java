package org.tapweight.hypergrad;

import org.tapweight.api.plugin.ConfigurationException;
import org.tapweight.api.plugin.Settings;

/** A numeric strategy setting that may also be {@code auto}: NaN stands for auto. */
final class AutoSetting {

    static final String AUTO = "auto";

    private AutoSetting() {
    }

    /**
     * @param allowZero whether 0 is a valid number for this setting
     * @return the number, or NaN for {@code auto}
     */
    static double read(Settings settings, String name, boolean allowZero) {
        String raw = settings.getString(name).trim();
        if (raw.equalsIgnoreCase(AUTO)) {
            return Double.NaN;
        }
        double value;
        try {
            value = Double.parseDouble(raw);
        } catch (NumberFormatException e) {
            throw new ConfigurationException(settings.owner() + ": setting '" + name + "' must be 'auto' or a number, got '" + raw + "'");
        }
        if (!(allowZero ? value >= 0 : value > 0) || !Double.isFinite(value)) {
            throw new ConfigurationException(settings.owner() + ": setting '" + name + "' must be 'auto' or a number "
                    + (allowZero ? ">= 0" : "> 0") + ", got " + raw);
        }
        return value;
    }

    /** The {@code maxCondition} setting of the auto settings, which must be > 1. */
    static double maxCondition(Settings settings) {
        double k = settings.requireNonNegative("maxCondition", false);
        if (!(k > 1) || Double.isInfinite(k)) {
            throw new ConfigurationException(settings.owner() + ": setting 'maxCondition' must be a number > 1, got " + k);
        }
        return k;
    }
}
