package org.tapweight.core.record;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;
import org.tapweight.core.config.Mode;
import org.tapweight.core.config.RunConfig;

/**
 * A run record's first event: what was run (the config and its fingerprint), on what (data
 * checksums, plug-ins with versions and resolved settings), by what (environment: Java, ND4J,
 * framework version, threads) and how big. Built in one place, the run driver; written with
 * {@link RecordSchema#VERSION}.
 *
 * @param restarted why a record was started again from step 0 (null for a first start)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StartEvent(int schema, String name, long seed, Mode mode, String configFingerprint, RunConfig config,
                         List<String> objectives, Map<String, Integer> parameters, Map<String, Object> environment,
                         Map<String, Object> heads, Map<String, String> dataChecksums, Map<String, Object> data,
                         Map<String, Object> objectiveReports, List<PluginOrigin> plugins,
                         List<Map<String, Object>> pluginJars, Map<String, String> headsNotLoaded, String restarted) {

    public StartEvent restarted(String why) {
        return new StartEvent(schema, name, seed, mode, configFingerprint, config, objectives, parameters, environment, heads,
                dataChecksums, data, objectiveReports, plugins, pluginJars, headsNotLoaded, why);
    }
}
