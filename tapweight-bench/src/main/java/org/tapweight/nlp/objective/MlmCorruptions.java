package org.tapweight.nlp.objective;

import org.tapweight.api.model.Noise;
import org.tapweight.nlp.model.TextBatch;

/**
 * Read-only access, for the benchmark-data exporter ({@code org.tapweight.bench.jmh.TwinBatches}),
 * to the corruption {@link MaskedLanguageModelObjective#loss} draws for a given noise. It sits in the
 * objective's package (in the bench jar, on the class path) so the objective keeps
 * {@code corrupt} package-private.
 */
public final class MlmCorruptions {

    /** The corrupted ids ({@code [sequences * length]}), the predicted rows and their original ids. */
    public record Corrupted(int[] ids, int[] rows, int[] targets) {
    }

    private MlmCorruptions() {
    }

    public static Corrupted of(MaskedLanguageModelObjective mlm, TextBatch batch, Noise noise) {
        MaskedLanguageModelObjective.Corruption c = mlm.corrupt(batch, noise);
        return new Corrupted(c.ids(), c.rows(), c.targets());
    }
}
