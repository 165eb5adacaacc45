package org.tapweight.nlp.text;

import java.util.Arrays;

/**
 * The ids of a vocabulary's five special tokens. The project's own WordPiece vocabularies hold them
 * at 0 to 4 ({@link #PROJECT}); a pretrained BERT vocabulary holds them elsewhere ({@code [PAD]} 0,
 * {@code [UNK]} 100, {@code [CLS]} 101, {@code [SEP]} 102, {@code [MASK]} 103), so objectives read
 * them from here rather than assume a layout.
 */
public record SpecialTokens(int pad, int unk, int cls, int sep, int mask) {

    /** The layout of the vocabularies this project trains. */
    public static final SpecialTokens PROJECT = new SpecialTokens(Vocabulary.PAD_ID, Vocabulary.UNK_ID, Vocabulary.CLS_ID,
            Vocabulary.SEP_ID, Vocabulary.MASK_ID);

    public boolean contains(int id) {
        return id == pad || id == unk || id == cls || id == sep || id == mask;
    }

    /** How many distinct special ids there are. */
    public int count() {
        return (int) Arrays.stream(sorted()).distinct().count();
    }

    /**
     * The {@code r}-th id (from 0) that is not special, in increasing order: a uniform draw of
     * {@code r} below {@code vocabularySize - count()} gives a uniform non-special token.
     */
    public int nonSpecial(int r) {
        int id = r;
        for (int s : Arrays.stream(sorted()).distinct().toArray()) {
            if (s <= id) {
                id++;
            }
        }
        return id;
    }

    private int[] sorted() {
        int[] s = {pad, unk, cls, sep, mask};
        Arrays.sort(s);
        return s;
    }
}
