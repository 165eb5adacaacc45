package org.tapweight.nlp.objective;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tapweight.api.model.Noise;
import org.tapweight.nlp.model.TextBatch;
import org.tapweight.nlp.model.TextDataset;
import org.tapweight.nlp.text.Vocabulary;

/** The corruptions of MLM and sentence-order prediction, counted over many tokens. */
class TextCorruptionTest {

    static TextDataset corpus(int sequences, int length, int vocab, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int[][] ids = new int[sequences][];
        int[][] types = new int[sequences][];
        for (int s = 0; s < sequences; s++) {
            int len = 3 + rnd.nextInt(length - 2);
            ids[s] = new int[len];
            types[s] = new int[len];
            ids[s][0] = Vocabulary.CLS_ID;
            ids[s][len - 1] = Vocabulary.SEP_ID;
            for (int i = 1; i < len - 1; i++) {
                ids[s][i] = 5 + rnd.nextInt(vocab - 5);
            }
        }
        return TextDataset.ofEncoded("random", ids, types, null, vocab);
    }

    @Test
    void mlmChoosesFifteenPercentAndReplacesEightyTenTen() {
        TextDataset d = corpus(400, 60, 500, 1);
        MaskedLanguageModelObjective mlm = new MaskedLanguageModelObjective(0.15);
        mlm.prepare(d);
        int[] all = new int[d.size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        TextBatch batch = d.batch(all);
        MaskedLanguageModelObjective.Corruption c = mlm.corrupt(batch, Noise.of(3));
        int content = 0;
        for (int i = 0; i < batch.ids().length; i++) {
            if (batch.ids()[i] >= 5) {
                content++;
            }
        }
        int chosen = c.rows().length;
        assertThat((double) chosen / content).isBetween(0.14, 0.16);
        int masked = 0;
        int kept = 0;
        for (int k = 0; k < chosen; k++) {
            int row = c.rows()[k];
            assertThat(batch.ids()[row]).isGreaterThanOrEqualTo(5); // never [CLS], [SEP] or [PAD]
            assertThat(c.targets()[k]).isEqualTo(batch.ids()[row]);
            if (c.ids()[row] == Vocabulary.MASK_ID) {
                masked++;
            } else if (c.ids()[row] == batch.ids()[row]) {
                kept++;
            }
        }
        assertThat((double) masked / chosen).isBetween(0.77, 0.83);
        assertThat((double) kept / chosen).isBetween(0.08, 0.13); // 10% kept, plus random picks of the same token
        // Only chosen positions change, and the same noise gives the same corruption.
        int changed = 0;
        for (int i = 0; i < c.ids().length; i++) {
            if (c.ids()[i] != batch.ids()[i]) {
                changed++;
            }
        }
        assertThat(changed).isLessThanOrEqualTo(chosen);
        assertThat(mlm.corrupt(batch, Noise.of(3)).ids()).isEqualTo(c.ids());
        assertThat(mlm.corrupt(batch, Noise.of(4)).ids()).isNotEqualTo(c.ids());
        assertThat(mlm.corrupt(batch, Noise.NONE).ids()).isEqualTo(mlm.corrupt(batch, Noise.NONE).ids());
    }

    @Test
    void sopCutsAtTheMiddleAndSwapsHalfTheTimeWithoutALengthCue() {
        TextDataset d = corpus(600, 20, 100, 2);
        SentenceOrderObjective sop = new SentenceOrderObjective();
        sop.prepare(d);
        int[] all = new int[d.size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        TextBatch batch = d.batch(all);
        SentenceOrderObjective.Reordered r = sop.reorder(batch, Noise.of(5), 128);
        TextBatch out = r.batch();
        int swapped = 0;
        int k = 0;
        int[][] longerFirst = new int[2][2]; // [swapped][first segment longer], odd lengths only
        for (int s = 0; s < batch.sequences(); s++) {
            int len = batch.lengths()[s];
            int[] content = java.util.Arrays.copyOfRange(batch.ids(), s * batch.length() + 1, s * batch.length() + len - 1);
            if (content.length < 2) {
                continue;
            }
            int[] seq = java.util.Arrays.copyOfRange(out.ids(), k * out.length(), k * out.length() + out.lengths()[k]);
            assertThat(seq[0]).isEqualTo(Vocabulary.CLS_ID);
            assertThat(seq[seq.length - 1]).isEqualTo(Vocabulary.SEP_ID);
            int sep = 1;
            while (seq[sep] != Vocabulary.SEP_ID) {
                sep++;
            }
            int[] first = java.util.Arrays.copyOfRange(seq, 1, sep);
            int[] second = java.util.Arrays.copyOfRange(seq, sep + 1, seq.length - 1);
            int[] a = r.swapped()[k] == 1 ? second : first;
            int[] b = r.swapped()[k] == 1 ? first : second;
            // In order, the halves give the text back; the cut is at the middle (either side of it when odd).
            int[] joined = java.util.stream.IntStream.concat(java.util.Arrays.stream(a), java.util.Arrays.stream(b)).toArray();
            assertThat(joined).isEqualTo(content);
            assertThat(a.length).isBetween(content.length / 2, (content.length + 1) / 2);
            assertThat(out.typeIds()[k * out.length() + sep + 1]).isEqualTo(1);
            if (content.length % 2 == 1) {
                longerFirst[r.swapped()[k]][first.length > second.length ? 1 : 0]++;
            }
            swapped += r.swapped()[k];
            k++;
        }
        assertThat(k).isEqualTo(out.sequences());
        assertThat((double) swapped / k).isBetween(0.4, 0.6);
        // Which half is longer is independent of the label.
        for (int label = 0; label < 2; label++) {
            double p = (double) longerFirst[label][1] / (longerFirst[label][0] + longerFirst[label][1]);
            assertThat(p).isBetween(0.35, 0.65);
        }
    }

    @Test
    void sopDropsTrailingPunctuationSoTheFullStopGivesNothingAway() {
        try (org.tapweight.nlp.text.TextTokenizer t = org.tapweight.nlp.text.TextTokenizer.load(
                org.tapweight.core.data.DataFiles.dataRoot().getParent().resolve("models/text-tokenizer.json"), 64)) {
            TextDataset d = new TextDataset("s", java.util.List.of("The jury said it was fair, and left!?\"", "Yes."), null, null, t);
            SentenceOrderObjective sop = new SentenceOrderObjective();
            sop.prepare(d);
            int[] c = sop.content(d.ids(0));
            StringBuilder text = new StringBuilder();
            for (int id : c) {
                text.append(t.vocabulary().token(id)).append(' ');
            }
            assertThat(text.toString().trim()).isEqualTo("the jury said it was fair , and left");
            assertThat(sop.content(d.ids(1))).hasSize(1);
            assertThat(sop.report()).containsEntry("tooShortToCut", 1);
            // In a pair, each text loses its trailing punctuation: no full stop is left in the middle.
            TextDataset pair = new TextDataset("p", java.util.List.of("They sat down."), java.util.List.of("Then they left."), null, t);
            sop.prepare(pair);
            StringBuilder p = new StringBuilder();
            for (int id : sop.content(pair.ids(0))) {
                p.append(t.vocabulary().token(id)).append(' ');
            }
            assertThat(p.toString().trim()).isEqualTo("they sat down then they left");
        }
    }
}
