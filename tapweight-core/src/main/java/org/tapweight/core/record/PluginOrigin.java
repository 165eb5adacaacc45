package org.tapweight.core.record;

import java.security.CodeSource;
import java.util.Map;
import org.tapweight.api.plugin.PluginProvider;
import org.tapweight.api.plugin.SettingSpec;
import org.tapweight.api.plugin.Settings;
import org.tapweight.core.config.PluginRef;

/**
 * One plug-in a run used, for the record: its role in the run ({@code objective side-0},
 * {@code strategyI}, ...), its id, the provider class, where that class was loaded from, the
 * version in its jar's manifest ({@code Implementation-Version}), and its settings as resolved
 * (defaults filled in).
 */
public record PluginOrigin(String role, String id, String provider, String location, String version,
                           Map<String, Object> settings) {

    /** What a plug-in jar without an {@code Implementation-Version} manifest entry records as its version. */
    public static final String UNVERSIONED = "unversioned";

    public static PluginOrigin of(String role, PluginRef ref, PluginProvider provider) {
        Class<?> type = provider.getClass();
        CodeSource source = type.getProtectionDomain().getCodeSource();
        String location = source == null || source.getLocation() == null ? "unknown" : source.getLocation().toString();
        Package p = type.getPackage();
        String version = p == null || p.getImplementationVersion() == null ? UNVERSIONED : p.getImplementationVersion();
        java.util.List<SettingSpec> specs = provider.settings();
        Map<String, Object> resolved = Settings.resolve(role, specs, ref.settings).asMap();
        return new PluginOrigin(role, ref.id, type.getName(), location, version, resolved);
    }
}
