package org.tapweight.testkit;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tapweight.api.modality.Dataset;
import org.tapweight.api.modality.Encoder;
import org.tapweight.api.modality.Objective;
import org.tapweight.api.modality.ObjectiveProvider;
import org.tapweight.api.model.Noise;
import org.tapweight.api.plugin.SettingSpec;
import org.tapweight.api.plugin.Settings;
import org.tapweight.core.dense.AuxiliaryTargetObjective;
import org.tapweight.core.dense.DenseBatch;

/**
 * A deliberately broken objective for the kit's own tests: the dense {@code auxiliary-target} loss
 * with its gradient 10% too large, as a plug-in author's off-by-a-factor bug would make it.
 */
public final class WrongGradientObjective implements Objective<DenseBatch> {

    @SuppressWarnings("unchecked")
    private final Objective<DenseBatch> delegate = (Objective<DenseBatch>) new AuxiliaryTargetObjective.Provider()
            .create(Settings.resolve("wrong-gradient", new AuxiliaryTargetObjective.Provider().settings(), java.util.Map.of()));

    @Override
    public Class<DenseBatch> batchType() {
        return DenseBatch.class;
    }

    @Override
    public void prepare(Dataset<DenseBatch> corpus) {
        delegate.prepare(corpus);
    }

    @Override
    public int headSize(int representationSize) {
        return delegate.headSize(representationSize);
    }

    @Override
    public void initializeHead(INDArray head, int representationSize, long seed) {
        delegate.initializeHead(head, representationSize, seed);
    }

    @Override
    public double loss(Encoder<DenseBatch> encoder, INDArray encoderParams, INDArray head, DenseBatch batch, Noise noise,
                       Gradients grads) {
        Gradients wrong = grads == null ? null : new Gradients(grads.encoder(), grads.head(), 1.1 * grads.scale());
        return delegate.loss(encoder, encoderParams, head, batch, noise, wrong);
    }

    /** Service provider for id {@code wrong-gradient} (listed in this module's test resources). */
    public static final class Provider implements ObjectiveProvider {
        @Override
        public String id() {
            return "wrong-gradient";
        }

        @Override
        public String description() {
            return "auxiliary-target with a gradient 10% too large (a test kit fixture)";
        }

        @Override
        public String modality() {
            return "dense";
        }

        @Override
        public List<SettingSpec> settings() {
            return List.of();
        }

        @Override
        public Objective<?> create(Settings settings) {
            return new WrongGradientObjective();
        }
    }
}
