package org.tapweight.minilm;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tapweight.api.modality.Dataset;
import org.tapweight.api.modality.Encoder;
import org.tapweight.api.modality.EncoderProvider;
import org.tapweight.api.model.Noise;
import org.tapweight.api.plugin.ConfigurationException;
import org.tapweight.api.plugin.SettingSpec;
import org.tapweight.api.plugin.Settings;
import org.tapweight.nlp.model.TextBatch;
import org.tapweight.nlp.model.TextDataset;
import org.tapweight.nlp.model.TextPass;
import org.tapweight.nlp.model.TokenEncoder;
import org.tapweight.nlp.model.TransformerEncoder;
import org.tapweight.nlp.text.SpecialTokens;

/**
 * Service provider for id {@code minilm} (modality {@code text}): all-MiniLM-L6-v2 as a token
 * encoder whose initialisation is the pretrained checkpoint. The task must be tokenized with
 * MiniLM's tokenizer ({@code tokenizer: "classpath:/all-minilm-l6-v2-tokenizer.json"}).
 */
public final class MiniLmEncoderProvider implements EncoderProvider {

    public static final String TOKENIZER_SETTING = "classpath:" + MiniLm.TOKENIZER_RESOURCE;

    @Override
    public String id() {
        return "minilm";
    }

    @Override
    public String description() {
        return "all-MiniLM-L6-v2 (pretrained BERT, 6 layers, hidden 384), weights from its ONNX file";
    }

    @Override
    public String modality() {
        return "text";
    }

    @Override
    public List<SettingSpec> settings() {
        return List.of(SettingSpec.ofInt("maxLength", 128, "longest input in tokens (at most 512)"),
                SettingSpec.ofDouble("dropout", 0.1, "dropout on embeddings, attention output and feed-forward output"),
                SettingSpec.ofString("pooling", "mean", "sequence vector: mean (over real tokens, as the model was trained) or cls"));
    }

    @Override
    public Encoder<?> create(Settings settings, Dataset<?> sample) {
        if (!(sample instanceof TextDataset text)) {
            throw new ConfigurationException("encoder 'minilm' reads text, but the task's data is " + sample.name());
        }
        SpecialTokens bert = new SpecialTokens(0, 100, 101, 102, 103);
        if (text.vocabularySize() != MiniLm.VOCABULARY || text.vocabulary() != null && !text.vocabulary().specials().equals(bert)) {
            throw new ConfigurationException(settings.owner() + ": the task's tokenizer has " + text.vocabularySize()
                    + " tokens; MiniLM needs its own: set the task's tokenizer to \"" + TOKENIZER_SETTING + "\"");
        }
        int maxLength = settings.getInt("maxLength");
        double dropout = settings.getDouble("dropout");
        if (maxLength < 4 || maxLength > MiniLm.POSITIONS || !(dropout >= 0 && dropout < 1)) {
            throw new ConfigurationException(settings.owner() + ": needs maxLength 4 to " + MiniLm.POSITIONS + " and dropout in [0, 1)");
        }
        if (text.lengthLimit() > maxLength) {
            throw new ConfigurationException(settings.owner() + ": the task's inputs may have up to " + text.lengthLimit()
                    + " tokens but the encoder's maxLength is " + maxLength);
        }
        TransformerEncoder.Pooling pooling = settings.getChoice("pooling", TransformerEncoder.Pooling.class);
        return new Pretrained(MiniLm.encoder(maxLength, dropout, pooling));
    }

    /** The transformer whose initialisation loads the checkpoint (the seed is not used). */
    static final class Pretrained implements TokenEncoder {
        private final TransformerEncoder encoder;

        Pretrained(TransformerEncoder encoder) {
            this.encoder = encoder;
        }

        @Override
        public void initialize(INDArray params, long seed) {
            MiniLm.load(encoder, params);
        }

        @Override
        public TextPass forward(INDArray params, TextBatch batch, Noise noise) {
            return encoder.forward(params, batch, noise);
        }

        @Override
        public int maxLength() {
            return encoder.maxLength();
        }

        @Override
        public INDArray tokenEmbeddings(INDArray params) {
            return encoder.tokenEmbeddings(params);
        }

        @Override
        public int parameterCount() {
            return encoder.parameterCount();
        }

        @Override
        public int representationSize() {
            return encoder.representationSize();
        }

        @Override
        public int[] layerStarts() {
            return encoder.layerStarts();
        }
    }
}
