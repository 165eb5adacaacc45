package org.tapweight.core.assembly;

import java.util.function.LongFunction;

/**
 * Keeps the last batch built: the engine evaluates one batch several times in a row (the step,
 * then the probes of the hypergradient), and building a batch may be costly (graph tensors).
 */
final class BatchCache<B> {

    private final LongFunction<B> builder;
    private long key = Long.MIN_VALUE;
    private B value;

    BatchCache(LongFunction<B> builder) {
        this.builder = builder;
    }

    synchronized B get(long batchIndex) {
        if (batchIndex != key || value == null) {
            value = builder.apply(batchIndex);
            key = batchIndex;
        }
        return value;
    }
}
