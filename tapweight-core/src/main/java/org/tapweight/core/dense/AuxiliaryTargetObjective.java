package org.tapweight.core.dense;

import org.tapweight.nn.Linear;

import java.util.List;
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
 * Regression of one side column of the corpus (standardised on the corpus) from the
 * representation, through a linear head: {@code L = 1/2 mean (y_hat - t)^2}. Side columns are
 * unlabelled-time information, e.g. a measured property available for every row.
 */
public final class AuxiliaryTargetObjective implements Objective<DenseBatch> {

    private final int column;
    private double[] targets;

    public AuxiliaryTargetObjective(int column) {
        this.column = column;
    }

    @Override
    public Class<DenseBatch> batchType() {
        return DenseBatch.class;
    }

    @Override
    public void prepare(Dataset<DenseBatch> corpus) {
        if (!(corpus instanceof DenseDataset dense)) {
            throw new ConfigurationException("objective 'auxiliary-target' needs a dense data set with side columns, got " + corpus.name());
        }
        if (column >= dense.auxiliaryCount()) {
            throw new ConfigurationException("objective 'auxiliary-target': column " + column + " does not exist; "
                    + corpus.name() + " has " + dense.auxiliaryCount() + " side columns");
        }
        double[] t = dense.auxiliaryColumn(column);
        org.tapweight.nn.Standardisation st = org.tapweight.nn.Standardisation.of(t);
        targets = new double[t.length];
        for (int i = 0; i < t.length; i++) {
            targets[i] = st.apply(t[i]);
        }
    }

    @Override
    public int headSize(int representationSize) {
        return new Linear(representationSize, 1).size();
    }

    @Override
    public void initializeHead(INDArray headParams, int representationSize, long seed) {
        new Linear(representationSize, 1).initialize(headParams, seed);
    }

    @Override
    public double loss(Encoder<DenseBatch> encoder, INDArray encoderParams, INDArray headParams, DenseBatch batch,
                       Noise noise, Gradients grads) {
        if (targets == null) {
            throw new IllegalStateException("objective 'auxiliary-target' was not prepared on a corpus");
        }
        Encoder.Pass pass = encoder.forward(encoderParams, batch, noise);
        int[] idx = batch.indices();
        INDArray target = Nd4j.create(encoderParams.dataType(), idx.length, 1);
        for (int i = 0; i < idx.length; i++) {
            target.putScalar(i, 0, targets[idx[i]]);
        }
        return new Linear(pass.output().columns(), 1).squaredError(pass, headParams, target, null, idx.length, grads);
    }

    /** Service provider for id {@code auxiliary-target} (modality {@code dense}). */
    public static final class Provider implements ObjectiveProvider {
        @Override
        public String id() {
            return "auxiliary-target";
        }

        @Override
        public String description() {
            return "regress one standardised side column of the corpus from the representation";
        }

        @Override
        public String modality() {
            return "dense";
        }

        @Override
        public List<SettingSpec> settings() {
            return List.of(SettingSpec.ofInt("column", 0, "index of the side column to predict"));
        }

        @Override
        public Objective<?> create(Settings settings) {
            int column = settings.getInt("column");
            if (column < 0) {
                throw new ConfigurationException(settings.owner() + ": setting 'column' must be >= 0, got " + column);
            }
            return new AuxiliaryTargetObjective(column);
        }
    }
}
