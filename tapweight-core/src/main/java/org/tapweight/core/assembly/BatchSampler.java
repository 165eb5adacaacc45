package org.tapweight.core.assembly;

import java.util.Random;
import org.tapweight.api.model.TaskModel;
import org.tapweight.nn.Seeds;

/**
 * Deterministic batches: batch {@code i} is a slice of the shuffle of epoch {@code i / batchesPerEpoch},
 * and each epoch's shuffle is drawn from (seed, epoch). A batch is a function of its index alone,
 * so resuming needs no iterator state. The last batch of an epoch may be smaller.
 */
public final class BatchSampler {

    private final int size;
    private final int batchSize;
    private final long seed;
    private long cachedEpoch = -1;
    private int[] cachedOrder;

    public BatchSampler(int size, int batchSize, long seed) {
        if (size < 1) {
            throw new IllegalArgumentException("cannot draw batches from an empty data set");
        }
        this.size = size;
        this.batchSize = Math.min(batchSize, size);
        this.seed = seed;
    }

    public int batchesPerEpoch() {
        return (size + batchSize - 1) / batchSize;
    }

    /** The example indices of batch {@code batchIndex}, or all of them for {@link TaskModel#WHOLE_SPLIT}. */
    public synchronized int[] indices(long batchIndex) {
        if (batchIndex == TaskModel.WHOLE_SPLIT) {
            int[] all = new int[size];
            for (int i = 0; i < size; i++) {
                all[i] = i;
            }
            return all;
        }
        if (batchIndex < 0) {
            throw new IllegalArgumentException("batch index must be >= 0 or WHOLE_SPLIT, got " + batchIndex);
        }
        long epoch = batchIndex / batchesPerEpoch();
        int position = (int) (batchIndex % batchesPerEpoch());
        if (epoch != cachedEpoch) {
            cachedOrder = shuffle(epoch);
            cachedEpoch = epoch;
        }
        int from = position * batchSize;
        int to = Math.min(size, from + batchSize);
        int[] out = new int[to - from];
        System.arraycopy(cachedOrder, from, out, 0, out.length);
        return out;
    }

    private int[] shuffle(long epoch) {
        int[] order = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        Random rnd = new Random(Seeds.derive(seed, "epoch", epoch));
        for (int i = size - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
