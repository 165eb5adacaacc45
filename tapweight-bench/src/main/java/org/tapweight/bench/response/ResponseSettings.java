package org.tapweight.bench.response;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tapweight.api.plugin.ConfigurationException;
import org.tapweight.core.config.Mode;
import org.tapweight.core.config.PluginRef;
import org.tapweight.core.config.RunConfig;

/**
 * What a response experiment is made of.
 *
 * @param config            the run config, finetuning and checkpoints already switched off
 * @param userFingerprint   the fingerprint of the config as given (what a checkpoint of that run carries)
 * @param checkpoint        a checkpoint to start from, or null to run {@code warmupSteps} outer steps
 * @param strategies        the strategies whose hypergradients are tested, with the text each was given as
 * @param coordinates       whether the K coordinate directions are tested
 * @param randomDirections  seeded Gaussian directions; negative: enough for 20 directions in all
 * @param epsilons          lambda step sizes; the first is the primary one, others check linearity
 */
public record ResponseSettings(RunConfig config, String userFingerprint, Path checkpoint, int warmupSteps,
                               List<PluginRef> strategies, List<String> strategyTexts, boolean coordinates,
                               int randomDirections, int batchSeeds, int horizon, List<Double> epsilons) {

    public static final int DEFAULT_TOTAL_DIRECTIONS = 20;

    public ResponseSettings {
        if (config.mode != Mode.TAPWEIGHT) {
            throw new ConfigurationException("mode is " + config.mode + ": a response test needs mode TAPWEIGHT (lambda and w(lambda))");
        }
        if (strategies.isEmpty()) {
            throw new ConfigurationException("give at least one --strategy");
        }
        if (checkpoint == null && warmupSteps < 0) {
            throw new ConfigurationException("--warmup-steps must be >= 0, got " + warmupSteps);
        }
        if (batchSeeds < 1) {
            throw new ConfigurationException("--batch-seeds must be >= 1, got " + batchSeeds);
        }
        if (horizon < 1) {
            throw new ConfigurationException("--horizon must be >= 1, got " + horizon);
        }
        if (epsilons.isEmpty()) {
            throw new ConfigurationException("give at least one --epsilon");
        }
        for (double e : epsilons) {
            if (!(e > 0) || Double.isInfinite(e)) {
                throw new ConfigurationException("--epsilon must be a finite number > 0, got " + e);
            }
        }
    }

    /** What identifies the experiment: a folder made with different values is refused. */
    Map<String, Object> identity(String startIdentity) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("configFingerprint", org.tapweight.core.run.Provenance.fingerprint(config));
        m.put("seed", config.seed);
        m.put("start", startIdentity);
        m.put("strategies", strategyTexts);
        m.put("coordinates", coordinates);
        m.put("randomDirections", randomDirections);
        m.put("batchSeeds", batchSeeds);
        m.put("horizon", horizon);
        m.put("epsilons", epsilons);
        return m;
    }
}
