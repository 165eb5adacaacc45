package org.tapweight.nlp.model;

import java.util.List;
import org.tapweight.api.modality.Dataset;
import org.tapweight.nlp.text.TextTokenizer;

/**
 * Encoded texts (single sentences or pairs) and optionally their labels, addressed by index and
 * batched as {@link TextBatch}es. Texts are encoded once, when the data set is built.
 */
public final class TextDataset implements Dataset<TextBatch> {

    private final String name;
    private final int[][] ids;
    private final int[][] typeIds;
    private final double[][] labels;
    private final int vocabularySize;
    private final org.tapweight.nlp.text.Vocabulary vocabulary;
    private final int lengthLimit;

    /**
     * @param second the second text of each pair, or null for single texts (an element may be null too)
     * @param labels {@code [examples][outputs]}, or null for unlabelled text
     */
    public TextDataset(String name, List<String> first, List<String> second, double[][] labels, TextTokenizer tokenizer) {
        if (second != null && second.size() != first.size()) {
            throw new IllegalArgumentException(name + ": " + first.size() + " first texts but " + second.size() + " second texts");
        }
        if (labels != null && labels.length != first.size()) {
            throw new IllegalArgumentException(name + ": " + labels.length + " label rows for " + first.size() + " texts");
        }
        this.name = name;
        this.ids = new int[first.size()][];
        this.typeIds = new int[first.size()][];
        for (int i = 0; i < first.size(); i++) {
            TextTokenizer.Encoded e = tokenizer.encode(first.get(i), second == null ? null : second.get(i));
            ids[i] = e.ids();
            typeIds[i] = e.typeIds();
        }
        this.labels = labels;
        this.vocabularySize = tokenizer.vocabulary().size();
        this.vocabulary = tokenizer.vocabulary();
        this.lengthLimit = tokenizer.maxLength();
    }

    private TextDataset(String name, int[][] ids, int[][] typeIds, double[][] labels, int vocabularySize,
                        org.tapweight.nlp.text.Vocabulary vocabulary) {
        this.name = name;
        this.ids = ids;
        this.typeIds = typeIds;
        this.labels = labels;
        this.vocabularySize = vocabularySize;
        this.vocabulary = vocabulary;
        int longest = 0;
        for (int[] s : ids) {
            longest = Math.max(longest, s.length);
        }
        this.lengthLimit = longest;
    }

    /** A data set of texts already encoded (ids with [CLS] and [SEP]); for tools and tests. */
    public static TextDataset ofEncoded(String name, int[][] ids, int[][] typeIds, double[][] labels, int vocabularySize) {
        return new TextDataset(name, ids, typeIds, labels, vocabularySize, null);
    }

    /** The same texts without labels (level I's corpus). */
    public TextDataset unlabelled(String newName) {
        return new TextDataset(newName, ids, typeIds, null, vocabularySize, vocabulary);
    }

    /** The examples at {@code rows}, in that order. */
    public TextDataset subset(String newName, int[] rows) {
        int[][] i = new int[rows.length][];
        int[][] t = new int[rows.length][];
        double[][] l = labels == null ? null : new double[rows.length][];
        for (int k = 0; k < rows.length; k++) {
            i[k] = ids[rows[k]];
            t[k] = typeIds[rows[k]];
            if (l != null) {
                l[k] = labels[rows[k]];
            }
        }
        return new TextDataset(newName, i, t, l, vocabularySize, vocabulary);
    }

    @Override
    public int size() {
        return ids.length;
    }

    @Override
    public TextBatch batch(int[] indices) {
        int[][] i = new int[indices.length][];
        int[][] t = new int[indices.length][];
        double[][] l = labels == null ? null : new double[indices.length][];
        for (int k = 0; k < indices.length; k++) {
            i[k] = ids[indices[k]];
            t[k] = typeIds[indices[k]];
            if (l != null) {
                l[k] = labels[indices[k]];
            }
        }
        return TextBatch.of(indices, i, t, l);
    }

    @Override
    public String name() {
        return name;
    }

    public int vocabularySize() {
        return vocabularySize;
    }

    /** The vocabulary the texts were encoded with, or null for data encoded elsewhere ({@link #ofEncoded}). */
    public org.tapweight.nlp.text.Vocabulary vocabulary() {
        return vocabulary;
    }

    /** Token ids of example {@code i} ({@code [CLS]} and {@code [SEP]} included). */
    public int[] ids(int i) {
        return ids[i];
    }

    public double[][] labels() {
        return labels;
    }

    /**
     * The longest input this data set's task can produce in any split: the tokenizer's maximum length,
     * or the longest example for data encoded elsewhere. Encoders check their own maximum against it.
     */
    public int lengthLimit() {
        return lengthLimit;
    }

    /** The longest encoded example. */
    public int maxLength() {
        int m = 0;
        for (int[] s : ids) {
            m = Math.max(m, s.length);
        }
        return m;
    }
}
