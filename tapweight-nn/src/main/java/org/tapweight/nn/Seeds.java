package org.tapweight.nn;

/**
 * Derives independent seeds from a run seed, a stream name and an index (SplitMix64 finaliser),
 * so that every batch and noise draw is a function of (seed, step) and a resumed run draws
 * exactly what an uninterrupted one would.
 */
public final class Seeds {

    private Seeds() {
    }

    public static long derive(long seed, String stream, long index) {
        long h = mix(seed ^ 0x9E3779B97F4A7C15L);
        h = mix(h ^ stream.hashCode());
        return mix(h ^ index);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
