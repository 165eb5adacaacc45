package org.tapweight.nlp.objective;

import java.util.SplittableRandom;
import org.tapweight.api.modality.Dataset;
import org.tapweight.api.modality.Encoder;
import org.tapweight.api.model.Noise;
import org.tapweight.api.plugin.ConfigurationException;
import org.tapweight.nn.Seeds;
import org.tapweight.nlp.model.TextBatch;
import org.tapweight.nlp.model.TextDataset;
import org.tapweight.nlp.model.TextPass;
import org.tapweight.nlp.model.TokenEncoder;

/** What the text objectives share: checks of their inputs and the random numbers they draw. */
final class TextObjectives {

    private TextObjectives() {
    }

    static TextDataset requireText(Dataset<TextBatch> corpus, String objective) {
        if (!(corpus instanceof TextDataset text)) {
            throw new ConfigurationException("objective '" + objective + "' needs a text corpus, got " + corpus.name());
        }
        return text;
    }

    static TextPass pass(Encoder<TextBatch> encoder, org.nd4j.linalg.api.ndarray.INDArray params, TextBatch batch, Noise noise,
                         String objective) {
        return TokenEncoder.of(encoder, "objective '" + objective + "'").forward(params, batch, noise);
    }

    /**
     * The objective's own random numbers (which tokens to mask, which halves to swap): from the
     * evaluation's noise when it is stochastic, else from a fixed stream, so a deterministic
     * evaluation still sees one fixed corruption.
     */
    static SplittableRandom random(Noise noise, String stream) {
        return new SplittableRandom(Seeds.derive(noise.stochastic() ? noise.seed() : 0L, stream, 0));
    }
}
