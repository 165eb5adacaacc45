package org.tapweight.core.engine;

import org.tapweight.api.model.Noise;
import org.tapweight.core.engine.HypergradientChain.Probe;
import org.tapweight.nn.Seeds;

/** The batches and random numbers of each level's steps: a pure function of (run seed, level, batch index). */
final class Probes {

    private final long seed;

    Probes(long seed) {
        this.seed = seed;
    }

    /** Batch {@code index} of level {@code level} ("I" or "II") with its noise. */
    Probe of(String level, long index) {
        return new Probe(index, Noise.of(Seeds.derive(seed, level, index)));
    }
}
