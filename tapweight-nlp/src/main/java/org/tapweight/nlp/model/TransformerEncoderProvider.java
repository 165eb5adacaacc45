package org.tapweight.nlp.model;

import java.util.List;
import org.tapweight.api.modality.Dataset;
import org.tapweight.api.modality.Encoder;
import org.tapweight.api.modality.EncoderProvider;
import org.tapweight.api.plugin.ConfigurationException;
import org.tapweight.api.plugin.SettingSpec;
import org.tapweight.api.plugin.Settings;

/** Service provider for the text encoder, id {@code transformer} (modality {@code text}). */
public final class TransformerEncoderProvider implements EncoderProvider {

    @Override
    public String id() {
        return "transformer";
    }

    @Override
    public String description() {
        return "pre-LayerNorm transformer: learned positions, GELU, padding masks, [CLS] or mean pooling";
    }

    @Override
    public String modality() {
        return "text";
    }

    @Override
    public List<SettingSpec> settings() {
        return List.of(SettingSpec.ofInt("hidden", 128, "width of token vectors"),
                SettingSpec.ofInt("layers", 2, "transformer layers"),
                SettingSpec.ofInt("heads", 4, "attention heads (must divide hidden)"),
                SettingSpec.ofInt("feedForward", 512, "width of the feed-forward layer"),
                SettingSpec.ofInt("maxLength", 128, "longest input in tokens, [CLS] and [SEP] included"),
                SettingSpec.ofDouble("dropout", 0.1, "dropout on embeddings, attention output and feed-forward output"),
                SettingSpec.ofString("pooling", "cls", "sequence vector: cls (the [CLS] token) or mean (over real tokens)"));
    }

    @Override
    public Encoder<?> create(Settings settings, Dataset<?> sample) {
        if (!(sample instanceof TextDataset text)) {
            throw new ConfigurationException("encoder 'transformer' reads text, but the task's data is " + sample.name());
        }
        TransformerEncoder.Pooling pooling = settings.getChoice("pooling", TransformerEncoder.Pooling.class);
        int hidden = settings.getInt("hidden");
        int heads = settings.getInt("heads");
        int layers = settings.getInt("layers");
        int ff = settings.getInt("feedForward");
        int maxLength = settings.getInt("maxLength");
        double dropout = settings.getDouble("dropout");
        if (hidden < 1 || heads < 1 || hidden % heads != 0 || layers < 1 || ff < 1 || maxLength < 4 || !(dropout >= 0 && dropout < 1)) {
            throw new ConfigurationException(settings.owner() + ": needs hidden, layers, feedForward >= 1, heads dividing hidden, "
                    + "maxLength >= 4 and dropout in [0, 1)");
        }
        if (text.lengthLimit() > maxLength) {
            throw new ConfigurationException(settings.owner() + ": the task's inputs may have up to " + text.lengthLimit()
                    + " tokens but the encoder's maxLength is " + maxLength + "; raise the encoder's maxLength or lower the task's");
        }
        return new TransformerEncoder(text.vocabularySize(), hidden, layers, heads, ff, maxLength, dropout, pooling);
    }
}
