package org.tapweight.core.dense;

import org.tapweight.nn.Linear;

import java.util.List;
import java.util.Random;
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

/**
 * Masked feature reconstruction: each feature of each row is zeroed with probability
 * {@code maskRate} (the mask drawn from the evaluation's noise), and a linear head reconstructs the
 * masked values: {@code L = 1/2 sum_masked (x_hat - x)^2 / #masked}.
 */
public final class MaskedFeatureObjective implements Objective<DenseBatch> {

    private final double maskRate;
    private int features;

    public MaskedFeatureObjective(double maskRate) {
        this.maskRate = maskRate;
    }

    @Override
    public Class<DenseBatch> batchType() {
        return DenseBatch.class;
    }

    @Override
    public void prepare(Dataset<DenseBatch> corpus) {
        if (!(corpus instanceof DenseDataset dense)) {
            throw new ConfigurationException("objective 'masked-feature' needs a dense data set, got " + corpus.name());
        }
        features = dense.featureCount();
    }

    @Override
    public int headSize(int representationSize) {
        return new Linear(representationSize, features).size();
    }

    @Override
    public void initializeHead(INDArray head, int representationSize, long seed) {
        new Linear(representationSize, features).initialize(head, seed);
    }

    @Override
    public double loss(Encoder<DenseBatch> encoder, INDArray encoderParams, INDArray headParams, DenseBatch batch,
                       Noise noise, Gradients grads) {
        if (!(encoder instanceof TanhEncoder mlp)) {
            throw new IllegalStateException("objective 'masked-feature' corrupts feature rows and needs the tanh-mlp encoder");
        }
        INDArray x = batch.features().castTo(encoderParams.dataType());
        INDArray mask = Nd4j.zeros(x.dataType(), x.rows(), x.columns());
        Random rnd = new Random(noise.seed());
        int masked = 0;
        for (int i = 0; i < x.rows(); i++) {
            for (int j = 0; j < x.columns(); j++) {
                if (rnd.nextDouble() < maskRate) {
                    mask.putScalar(i, j, 1.0);
                    masked++;
                }
            }
        }
        if (masked == 0) {
            return 0.0;
        }
        INDArray corrupted = x.mul(mask.rsub(1.0));
        Encoder.Pass pass = mlp.forward(encoderParams, corrupted);
        return new Linear(pass.output().columns(), features).squaredError(pass, headParams, x, mask, masked, grads);
    }

    /** Service provider for id {@code masked-feature} (modality {@code dense}). */
    public static final class Provider implements ObjectiveProvider {
        @Override
        public String id() {
            return "masked-feature";
        }

        @Override
        public String description() {
            return "reconstruct randomly masked features from the representation of the corrupted row";
        }

        @Override
        public String modality() {
            return "dense";
        }

        @Override
        public List<SettingSpec> settings() {
            return List.of(SettingSpec.ofDouble("maskRate", 0.15, "probability that a feature is masked"));
        }

        @Override
        public Objective<?> create(Settings settings) {
            double rate = settings.getDouble("maskRate");
            if (!(rate > 0 && rate < 1)) {
                throw new ConfigurationException(settings.owner() + ": setting 'maskRate' must be in (0, 1), got " + rate);
            }
            return new MaskedFeatureObjective(rate);
        }
    }
}
