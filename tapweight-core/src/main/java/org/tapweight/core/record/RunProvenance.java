package org.tapweight.core.record;

import java.util.List;
import java.util.Map;

/**
 * What a run's start event records about its inputs beyond the config: data checksums and what
 * loading the data did, what each objective derived from its corpus, the plug-ins used and the
 * plug-in jars loaded, and the heads a base encoder's file could not supply. Built by the wiring
 * ({@link org.tapweight.core.wiring.TapWeightModule}); absent parts are null and not written.
 */
public record RunProvenance(Map<String, String> dataChecksums, Map<String, Object> data, Map<String, Object> objectiveReports,
                            List<PluginOrigin> plugins, List<Map<String, Object>> pluginJars, Map<String, String> headsNotLoaded) {

    /** Nothing known (runs assembled by hand in tests). */
    public static RunProvenance none() {
        return new RunProvenance(Map.of(), null, null, List.of(), null, null);
    }

    public RunProvenance withDataChecksums(Map<String, String> checksums) {
        return new RunProvenance(checksums, data, objectiveReports, plugins, pluginJars, headsNotLoaded);
    }
}
