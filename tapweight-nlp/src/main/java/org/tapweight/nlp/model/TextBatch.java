package org.tapweight.nlp.model;

import org.tapweight.api.modality.Batch;
import org.tapweight.nlp.text.Vocabulary;

/**
 * Token sequences padded to the longest in the batch: {@code ids} and {@code typeIds} are
 * {@code [sequences * length]} row-major, {@code lengths} the real lengths ({@code [CLS]} and
 * {@code [SEP]} included); positions at or past a sequence's length are {@code [PAD]} and masked out
 * of attention. {@code labels} ({@code [sequences][outputs]}) is null for unlabelled text.
 */
public record TextBatch(int[] indices, int[] ids, int[] typeIds, int[] lengths, int length, double[][] labels)
        implements Batch {

    public int sequences() {
        return lengths.length;
    }

    /** Builds a padded batch from per-sequence ids and type ids. */
    public static TextBatch of(int[] indices, int[][] ids, int[][] typeIds, double[][] labels) {
        int n = ids.length;
        int length = 0;
        for (int[] s : ids) {
            length = Math.max(length, s.length);
        }
        int[] flatIds = new int[n * length];
        int[] flatTypes = new int[n * length];
        int[] lengths = new int[n];
        java.util.Arrays.fill(flatIds, Vocabulary.PAD_ID);
        for (int b = 0; b < n; b++) {
            lengths[b] = ids[b].length;
            System.arraycopy(ids[b], 0, flatIds, b * length, ids[b].length);
            System.arraycopy(typeIds[b], 0, flatTypes, b * length, typeIds[b].length);
        }
        return new TextBatch(indices, flatIds, flatTypes, lengths, length, labels);
    }

    /** The same sequences with other token ids (e.g. with some replaced by {@code [MASK]}). */
    public TextBatch withIds(int[] newIds) {
        if (newIds.length != ids.length) {
            throw new IllegalArgumentException("expected " + ids.length + " ids, got " + newIds.length);
        }
        return new TextBatch(indices, newIds, typeIds, lengths, length, labels);
    }

    /** The labels; an error if the batch came from unlabelled text. */
    public double[][] requireLabels() {
        if (labels == null) {
            throw new IllegalStateException("this batch of text has no labels");
        }
        return labels;
    }
}
