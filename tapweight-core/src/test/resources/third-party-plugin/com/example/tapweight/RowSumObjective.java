package com.example.tapweight;

import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.tapweight.api.modality.Dataset;
import org.tapweight.api.modality.Encoder;
import org.tapweight.api.modality.Objective;
import org.tapweight.api.modality.ObjectiveProvider;
import org.tapweight.api.model.Noise;
import org.tapweight.api.plugin.SettingSpec;
import org.tapweight.api.plugin.Settings;
import org.tapweight.core.dense.DenseBatch;

/**
 * A third-party objective, compiled by the test outside the framework's modules: regress the sum
 * of a row's features (times a scale) from the representation with a linear head.
 */
public final class RowSumObjective implements Objective<DenseBatch> {

    private final double scale;

    RowSumObjective(double scale) {
        this.scale = scale;
    }

    @Override
    public Class<DenseBatch> batchType() {
        return DenseBatch.class;
    }

    @Override
    public void prepare(Dataset<DenseBatch> corpus) {
    }

    @Override
    public int headSize(int representationSize) {
        return representationSize + 1;
    }

    @Override
    public void initializeHead(INDArray head, int representationSize, long seed) {
        Random r = new Random(seed);
        for (int i = 0; i < representationSize; i++) {
            head.putScalar(i, r.nextGaussian() * 0.1);
        }
        head.putScalar(representationSize, 0.0);
    }

    @Override
    public double loss(Encoder<DenseBatch> encoder, INDArray encoderParams, INDArray head, DenseBatch batch, Noise noise,
                       Gradients grads) {
        Encoder.Pass pass = encoder.forward(encoderParams, batch, noise);
        INDArray rep = pass.output();
        int h = (int) rep.columns();
        int n = (int) rep.rows();
        INDArray w = head.get(NDArrayIndex.interval(0, h)).reshape(h, 1);
        double b = head.getDouble(h);
        INDArray target = batch.features().castTo(rep.dataType()).sum(1).reshape(n, 1).muli(scale);
        INDArray residual = rep.mmul(w).addi(b).subi(target);
        double loss = 0.5 * residual.mul(residual).sumNumber().doubleValue() / n;
        if (grads != null) {
            INDArray d = residual.div(n);
            grads.head().get(NDArrayIndex.interval(0, h)).addi(rep.transpose().mmul(d).reshape(h).muli(grads.scale()));
            grads.head().putScalar(h, grads.head().getDouble(h) + grads.scale() * d.sumNumber().doubleValue());
            pass.backward(d.mmul(w.transpose()).muli(grads.scale()), grads.encoder());
        }
        return loss;
    }

    /** The provider, listed in this jar's META-INF/services. */
    public static final class Provider implements ObjectiveProvider {
        @Override
        public String id() {
            return "row-sum";
        }

        @Override
        public String description() {
            return "regress the scaled sum of a row's features (third-party example)";
        }

        @Override
        public String modality() {
            return "dense";
        }

        @Override
        public List<SettingSpec> settings() {
            return List.of(SettingSpec.ofDouble("scale", 0.3, "multiplier of the row sum"));
        }

        @Override
        public Objective<?> create(Settings settings) {
            return new RowSumObjective(settings.getDouble("scale"));
        }
    }
}
