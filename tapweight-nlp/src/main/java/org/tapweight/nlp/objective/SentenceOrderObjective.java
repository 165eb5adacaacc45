package org.tapweight.nlp.objective;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tapweight.api.modality.Dataset;
import org.tapweight.api.modality.Encoder;
import org.tapweight.api.modality.Objective;
import org.tapweight.api.modality.ObjectiveProvider;
import org.tapweight.api.model.Noise;
import org.tapweight.api.plugin.SettingSpec;
import org.tapweight.api.plugin.Settings;
import org.tapweight.nn.Linear;
import org.tapweight.nn.Losses;
import org.tapweight.nlp.model.TextBatch;
import org.tapweight.nlp.model.TextDataset;
import org.tapweight.nlp.model.TextPass;
import org.tapweight.nlp.model.TokenEncoder;
import org.tapweight.nlp.text.SpecialTokens;
import org.tapweight.nlp.text.Vocabulary;

/**
 * Sentence-order prediction (ALBERT): the word pieces of a text (both texts of a pair, special
 * tokens removed) are cut into two halves at the middle (for an odd count, the extra piece goes to
 * either half at random) and shown as {@code [CLS] A [SEP] B [SEP]},
 * in order or swapped with probability 1/2; a linear head on the sequence vector predicts whether
 * they were swapped. Punctuation at the end of each text is removed first: otherwise the position of
 * the final full stop gives the order away and the objective is solved without reading the text.
 * Texts of fewer than two pieces cannot be cut and are left out of the loss (counted in the report).
 */
public final class SentenceOrderObjective implements Objective<TextBatch> {

    private int tooShort;
    private int corpusSize;
    /** Ids of tokens made of punctuation only; empty when the corpus has no vocabulary. */
    private boolean[] punctuation = new boolean[0];
    private SpecialTokens specials = SpecialTokens.PROJECT;

    @Override
    public Class<TextBatch> batchType() {
        return TextBatch.class;
    }

    @Override
    public void prepare(Dataset<TextBatch> corpus) {
        TextDataset text = TextObjectives.requireText(corpus, "sop");
        corpusSize = text.size();
        punctuation = new boolean[text.vocabularySize()];
        specials = text.vocabulary() == null ? SpecialTokens.PROJECT : text.vocabulary().specials();
        if (text.vocabulary() != null) {
            for (int id = 0; id < punctuation.length; id++) {
                if (specials.contains(id)) {
                    continue;
                }
                String token = text.vocabulary().token(id);
                String bare = token.startsWith(Vocabulary.CONTINUATION) ? token.substring(Vocabulary.CONTINUATION.length()) : token;
                punctuation[id] = !bare.isEmpty() && bare.codePoints().noneMatch(Character::isLetterOrDigit);
            }
        }
        tooShort = 0;
        for (int i = 0; i < text.size(); i++) {
            if (content(text.ids(i)).length < 2) {
                tooShort++;
            }
        }
    }

    @Override
    public Map<String, Object> report() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("corpus", corpusSize);
        r.put("tooShortToCut", tooShort);
        return r;
    }

    /**
     * The word pieces of a text without special tokens, each text of a pair without its trailing
     * punctuation (so the position of a full stop cannot give the order away).
     */
    int[] content(int[] ids) {
        List<Integer> out = new ArrayList<>();
        int segmentStart = 0;
        for (int id : ids) {
            if (id == specials.sep()) {
                stripTrailingPunctuation(out, segmentStart);
                segmentStart = out.size();
            } else if (!specials.contains(id) || id == specials.unk()) {
                out.add(id);
            }
        }
        stripTrailingPunctuation(out, segmentStart);
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private void stripTrailingPunctuation(List<Integer> pieces, int from) {
        while (pieces.size() > from) {
            int last = pieces.get(pieces.size() - 1);
            if (last >= punctuation.length || !punctuation[last]) {
                return;
            }
            pieces.remove(pieces.size() - 1);
        }
    }

    @Override
    public int headSize(int representationSize) {
        return new Linear(representationSize, 2).size();
    }

    @Override
    public void initializeHead(INDArray head, int representationSize, long seed) {
        new Linear(representationSize, 2).initialize(head, seed);
    }

    /** The reordered batch (only sequences long enough to cut) and its labels (1 = swapped). */
    record Reordered(TextBatch batch, int[] swapped) {
    }

    Reordered reorder(TextBatch batch, Noise noise, int maxLength) {
        SplittableRandom rnd = TextObjectives.random(noise, "sop-swap");
        int t = batch.length();
        List<int[]> ids = new ArrayList<>();
        List<int[]> types = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        List<Integer> indices = new ArrayList<>();
        for (int s = 0; s < batch.sequences(); s++) {
            int[] seq = java.util.Arrays.copyOfRange(batch.ids(), s * t, s * t + batch.lengths()[s]);
            int[] c = content(seq);
            if (c.length > maxLength - 3) {
                c = java.util.Arrays.copyOf(c, maxLength - 3);
            }
            if (c.length < 2) {
                continue;
            }
            // An odd number of pieces leaves one half longer; which one is drawn apart from the swap, so
            // the segment lengths say nothing about the label.
            int mid = c.length / 2 + (c.length % 2 == 1 && rnd.nextBoolean() ? 1 : 0);
            int[] a = java.util.Arrays.copyOfRange(c, 0, mid);
            int[] b = java.util.Arrays.copyOfRange(c, mid, c.length);
            boolean swap = rnd.nextBoolean();
            int[] first = swap ? b : a;
            int[] second = swap ? a : b;
            int[] out = new int[c.length + 3];
            int[] ty = new int[c.length + 3];
            out[0] = specials.cls();
            System.arraycopy(first, 0, out, 1, first.length);
            out[first.length + 1] = specials.sep();
            System.arraycopy(second, 0, out, first.length + 2, second.length);
            out[out.length - 1] = specials.sep();
            for (int i = first.length + 2; i < ty.length; i++) {
                ty[i] = 1;
            }
            ids.add(out);
            types.add(ty);
            labels.add(swap ? 1 : 0);
            indices.add(batch.indices()[s]);
        }
        if (ids.isEmpty()) {
            return null;
        }
        TextBatch b = TextBatch.of(indices.stream().mapToInt(Integer::intValue).toArray(), ids.toArray(new int[0][]),
                types.toArray(new int[0][]), null);
        return new Reordered(b, labels.stream().mapToInt(Integer::intValue).toArray());
    }

    @Override
    public double loss(Encoder<TextBatch> encoder, INDArray encoderParams, INDArray head, TextBatch batch, Noise noise,
                       Gradients grads) {
        TokenEncoder tokens = TokenEncoder.of(encoder, "objective 'sop'");
        Reordered r = reorder(batch, noise, tokens.maxLength());
        if (r == null) {
            return 0.0;
        }
        TextPass pass = tokens.forward(encoderParams, r.batch(), noise);
        Linear linear = new Linear((int) pass.output().columns(), 2);
        INDArray logits = linear.forward(head, pass.output());
        INDArray dLogits = grads == null ? null : logits.ulike();
        double loss = Losses.softmaxCrossEntropy(logits, r.swapped(), dLogits);
        if (grads != null) {
            INDArray dRep = linear.backward(head, pass.output(), dLogits, grads.head(), grads.scale());
            pass.backward(dRep.muli(grads.scale()), grads.encoder());
        }
        return loss;
    }

    /** Service provider for id {@code sop} (modality {@code text}). */
    public static final class Provider implements ObjectiveProvider {
        @Override
        public String id() {
            return "sop";
        }

        @Override
        public String description() {
            return "sentence-order prediction: the two halves of a text, in order or swapped";
        }

        @Override
        public String modality() {
            return "text";
        }

        @Override
        public List<SettingSpec> settings() {
            return List.of();
        }

        @Override
        public Objective<?> create(Settings settings) {
            return new SentenceOrderObjective();
        }
    }
}
