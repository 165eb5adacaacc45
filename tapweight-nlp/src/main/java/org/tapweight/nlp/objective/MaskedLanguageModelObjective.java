package org.tapweight.nlp.objective;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tapweight.api.modality.Dataset;
import org.tapweight.api.modality.Encoder;
import org.tapweight.api.modality.Objective;
import org.tapweight.api.modality.ObjectiveProvider;
import org.tapweight.api.model.Noise;
import org.tapweight.api.plugin.ConfigurationException;
import org.tapweight.api.plugin.SettingSpec;
import org.tapweight.api.plugin.Settings;
import org.tapweight.nn.Linear;
import org.tapweight.nn.Losses;
import org.tapweight.nn.Vectors;
import org.tapweight.nlp.model.Gelu;
import org.tapweight.nlp.model.LayerNorm;
import org.tapweight.nlp.model.TextBatch;
import org.tapweight.nlp.model.TokenEncoder;
import org.tapweight.nn.Gemm;
import org.tapweight.nn.Broadcast;
import org.tapweight.nlp.model.TextPass;
import org.tapweight.nlp.text.SpecialTokens;

/**
 * Masked language modelling as in BERT: each non-special token is chosen with probability
 * {@code rate} (at least one per sequence); a chosen token becomes {@code [MASK]} with probability
 * 0.8, a random non-special token with 0.1 and stays itself with 0.1; the head predicts the original
 * tokens at the chosen positions only. Head: {@code LayerNorm(gelu(h W + b)) D + d} over the whole
 * vocabulary. With {@code tiedDecoder}, {@code D} is the encoder's own token embedding table,
 * transposed (as in BERT), so the head holds only the transform, the LayerNorm and {@code d}, and the
 * embeddings get the decoder's gradient too; for a checkpoint without an MLM head (MiniLM) the
 * transform then starts as the identity and {@code d} at 0, so the first predictions are the tied
 * decoding of the normalised, GELU'd last hidden states.
 */
public final class MaskedLanguageModelObjective implements Objective<TextBatch> {

    private final double rate;
    private final boolean tied;
    private int vocabulary;
    private SpecialTokens specials = SpecialTokens.PROJECT;
    private String vocabularyDigest;

    public MaskedLanguageModelObjective(double rate) {
        this(rate, false);
    }

    public MaskedLanguageModelObjective(double rate, boolean tiedDecoder) {
        this.rate = rate;
        this.tied = tiedDecoder;
    }

    @Override
    public Class<TextBatch> batchType() {
        return TextBatch.class;
    }

    @Override
    public void prepare(Dataset<TextBatch> corpus) {
        org.tapweight.nlp.model.TextDataset text = TextObjectives.requireText(corpus, "mlm");
        vocabulary = text.vocabularySize();
        specials = text.vocabulary() == null ? SpecialTokens.PROJECT : text.vocabulary().specials();
        vocabularyDigest = text.vocabulary() == null ? null : org.tapweight.core.run.Provenance.sha256(
                String.join("\n", text.vocabulary().tokens()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** The decoder's rows are tokens: its head is carried over only to a run with the same vocabulary. */
    @Override
    public Map<String, Object> headSignature() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("vocabulary", vocabulary);
        if (vocabularyDigest != null) {
            s.put("vocabularySha256", vocabularyDigest);
        }
        return s;
    }

    @Override
    public Map<String, Object> report() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("vocabulary", vocabulary);
        r.put("maskRate", rate);
        r.put("tiedDecoder", tied);
        return r;
    }

    private int transformSize(int h) {
        return h * h + h;
    }

    @Override
    public int headSize(int h) {
        return transformSize(h) + 2 * h + (tied ? requireVocabulary() : new Linear(h, requireVocabulary()).size());
    }

    private int requireVocabulary() {
        if (vocabulary == 0) {
            throw new IllegalStateException("objective 'mlm' was not prepared with a corpus");
        }
        return vocabulary;
    }

    @Override
    public void initializeHead(INDArray head, int h, long seed) {
        part(head, transformSize(h), h).assign(1.0);
        part(head, transformSize(h) + h, h).assign(0.0);
        if (tied) {
            INDArray transform = part(head, 0, transformSize(h)).assign(0.0);
            for (int i = 0; i < h; i++) {
                transform.putScalar((long) i * h + i, 1.0); // W = I (row-major [h, h]), b = 0
            }
            part(head, transformSize(h) + 2 * h, requireVocabulary()).assign(0.0);
            return;
        }
        new Linear(h, h).initialize(part(head, 0, transformSize(h)), seed);
        Linear decoder = new Linear(h, requireVocabulary());
        decoder.initialize(part(head, transformSize(h) + 2 * h, decoder.size()), seed + 1);
    }

    private static INDArray part(INDArray v, long off, long n) {
        return v.get(Vectors.range(off, off + n));
    }

    /** The corrupted ids, the chosen rows (into the token matrix) and their original ids. */
    record Corruption(int[] ids, int[] rows, int[] targets) {
    }

    Corruption corrupt(TextBatch batch, Noise noise) {
        SplittableRandom rnd = TextObjectives.random(noise, "mlm-mask");
        int[] ids = batch.ids().clone();
        List<Integer> rows = new ArrayList<>();
        List<Integer> targets = new ArrayList<>();
        int t = batch.length();
        for (int s = 0; s < batch.sequences(); s++) {
            List<Integer> candidates = new ArrayList<>();
            for (int i = 0; i < batch.lengths()[s]; i++) {
                if (!specials.contains(ids[s * t + i])) {
                    candidates.add(s * t + i);
                }
            }
            List<Integer> chosen = new ArrayList<>();
            for (int row : candidates) {
                if (rnd.nextDouble() < rate) {
                    chosen.add(row);
                }
            }
            if (chosen.isEmpty() && !candidates.isEmpty()) {
                chosen.add(candidates.get(rnd.nextInt(candidates.size())));
            }
            for (int row : chosen) {
                rows.add(row);
                targets.add(ids[row]);
                double u = rnd.nextDouble();
                if (u < 0.8) {
                    ids[row] = specials.mask();
                } else if (u < 0.9) {
                    ids[row] = specials.nonSpecial(rnd.nextInt(vocabulary - specials.count()));
                }
            }
        }
        return new Corruption(ids, rows.stream().mapToInt(Integer::intValue).toArray(),
                targets.stream().mapToInt(Integer::intValue).toArray());
    }

    @Override
    public double loss(Encoder<TextBatch> encoder, INDArray encoderParams, INDArray head, TextBatch batch, Noise noise,
                       Gradients grads) {
        requireVocabulary();
        Corruption c = corrupt(batch, noise);
        if (c.rows().length == 0) {
            return 0.0;
        }
        TextPass pass = TextObjectives.pass(encoder, encoderParams, batch.withIds(c.ids()), noise, "mlm");
        int h = (int) pass.tokens().columns();
        Linear transform = new Linear(h, h);
        Linear decoder = new Linear(h, vocabulary);
        INDArray headTransform = part(head, 0, transformSize(h));
        INDArray gain = part(head, transformSize(h), h).reshape(1, h);
        INDArray bias = part(head, transformSize(h) + h, h).reshape(1, h);
        INDArray headDecoder = tied ? null : part(head, transformSize(h) + 2 * h, decoder.size());
        INDArray x = Nd4j.pullRows(pass.tokens(), 1, c.rows());
        INDArray z = transform.forward(headTransform, x);
        INDArray tanh = Gelu.inner(z);
        LayerNorm.State ln = LayerNorm.forward(Gelu.forward(z, tanh), gain, bias);
        INDArray embeddings = tied ? TokenEncoder.of(encoder, "objective 'mlm' with tiedDecoder").tokenEmbeddings(encoderParams)
                : null;
        if (tied && embeddings == null) {
            throw new org.tapweight.api.plugin.ConfigurationException("objective 'mlm' with tiedDecoder needs an encoder with a "
                    + "token embedding table (TokenEncoder.tokenEmbeddings)");
        }
        INDArray decoderBias = tied ? part(head, transformSize(h) + 2 * h, vocabulary).reshape(1, vocabulary) : null;
        INDArray logits = tied ? Broadcast.addiRowVector(Gemm.product(ln.output(), embeddings, true), decoderBias)
                : decoder.forward(headDecoder, ln.output());
        INDArray dLogits = grads == null ? null : logits.ulike();
        double loss = Losses.softmaxCrossEntropy(logits, c.targets(), dLogits);
        if (grads != null) {
            // Scaled once at the top, every gradient below is added straight into the caller's arrays.
            INDArray hg = grads.head();
            dLogits.muli(grads.scale());
            INDArray dLn;
            if (tied) {
                Gemm.accumulateRowSum(dLogits, 1.0, part(hg, transformSize(h) + 2 * h, vocabulary).reshape(1, vocabulary));
                // logits = ln E^T: dE += dLogits^T ln, into the encoder's own token table.
                Gemm.accumulate(dLogits, true, ln.output(), false, 1.0,
                        TokenEncoder.of(encoder, "objective 'mlm'").tokenEmbeddings(grads.encoder()));
                dLn = dLogits.mmul(embeddings);
            } else {
                dLn = decoder.backward(headDecoder, ln.output(), dLogits, part(hg, transformSize(h) + 2 * h, decoder.size()), 1.0);
            }
            INDArray dGelu = LayerNorm.backward(ln, gain, dLn, part(hg, transformSize(h), h), part(hg, transformSize(h) + h, h));
            INDArray dz = Gelu.backward(z, tanh, dGelu);
            INDArray dx = transform.backward(headTransform, x, dz, part(hg, 0, transformSize(h)), 1.0);
            pass.backward(pass.scatterRows(c.rows(), dx), null, grads.encoder());
        }
        return loss;
    }

    /** Service provider for id {@code mlm} (modality {@code text}). */
    public static final class Provider implements ObjectiveProvider {
        @Override
        public String id() {
            return "mlm";
        }

        @Override
        public String description() {
            return "masked language modelling: 15% of tokens, 80% [MASK] / 10% random / 10% kept";
        }

        @Override
        public String modality() {
            return "text";
        }

        @Override
        public List<SettingSpec> settings() {
            return List.of(SettingSpec.ofDouble("rate", 0.15, "fraction of tokens chosen for prediction"),
                    SettingSpec.ofBoolean("tiedDecoder", false,
                            "decode with the encoder's token embeddings (as BERT; for checkpoints without an MLM head)"));
        }

        @Override
        public Objective<?> create(Settings settings) {
            double rate = settings.getDouble("rate");
            if (!(rate > 0 && rate < 1)) {
                throw new ConfigurationException(settings.owner() + ": setting 'rate' must be in (0, 1), got " + rate);
            }
            return new MaskedLanguageModelObjective(rate, settings.getBoolean("tiedDecoder"));
        }
    }
}
