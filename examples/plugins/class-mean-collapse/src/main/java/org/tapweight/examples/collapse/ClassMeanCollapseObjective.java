package org.tapweight.examples.collapse;

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
import org.tapweight.molecule.model.GraphBatch;

/**
 * A deliberately harmful objective, for positive controls: it pulls together the mean molecule
 * vectors of the two classes of each label column among the batch's molecules,
 * <pre>
 *   L = scale * mean over columns c with both classes in the batch of || mean_{y_c = 1} h - mean_{y_c = 0} h ||^2
 * </pre>
 * where {@code h} is the encoder's molecule vector. Minimising it erases the direction a linear
 * probe needs to tell the classes apart, so any method that gives it weight should score worse;
 * a weighting method that finds headroom should drive its weight down.
 *
 * <p>It reads the labels of the level-I corpus. For a {@code moleculenet} task that corpus is the
 * labelled training split (validation and test molecules are never in it), so the harm uses no
 * label the evaluation scores. Molecules with a missing label (NaN) do not count for that column;
 * a batch where no column has both classes contributes 0. It has no head (size 0).
 */
public final class ClassMeanCollapseObjective implements Objective<GraphBatch> {

    private final double scale;

    public ClassMeanCollapseObjective(double scale) {
        this.scale = scale;
    }

    @Override
    public Class<GraphBatch> batchType() {
        return GraphBatch.class;
    }

    @Override
    public void prepare(Dataset<GraphBatch> corpus) {
        GraphBatch first = corpus.batch(new int[] {0});
        if (first.labels() == null) {
            throw new ConfigurationException("objective 'class-mean-collapse' needs a labelled level-I corpus (the task '"
                    + corpus.name() + "' gives its molecules without labels; a moleculenet task's training split has them)");
        }
    }

    @Override
    public int headSize(int representationSize) {
        return 0;
    }

    @Override
    public void initializeHead(INDArray head, int representationSize, long seed) {
        // no parameters
    }

    @Override
    public double loss(Encoder<GraphBatch> encoder, INDArray encoderParams, INDArray head, GraphBatch batch, Noise noise,
                       Gradients grads) {
        Encoder.Pass pass = encoder.forward(encoderParams, batch, noise);
        double[][] h = pass.output().toDoubleMatrix();
        double[][] y = batch.requireLabels();
        int rows = h.length;
        int width = rows == 0 ? 0 : h[0].length;
        double[][] dh = new double[rows][width];
        double loss = 0;
        int counted = 0;
        List<double[]> deltas = new java.util.ArrayList<>();
        List<int[]> counts = new java.util.ArrayList<>();
        List<Integer> columns = new java.util.ArrayList<>();
        for (int c = 0; c < y[0].length; c++) {
            double[] delta = new double[width];
            int positives = 0;
            int negatives = 0;
            for (int i = 0; i < rows; i++) {
                if (Double.isNaN(y[i][c])) {
                    continue;
                }
                if (y[i][c] > 0.5) {
                    positives++;
                } else {
                    negatives++;
                }
            }
            if (positives == 0 || negatives == 0) {
                continue;
            }
            for (int i = 0; i < rows; i++) {
                if (Double.isNaN(y[i][c])) {
                    continue;
                }
                double w = y[i][c] > 0.5 ? 1.0 / positives : -1.0 / negatives;
                for (int d = 0; d < width; d++) {
                    delta[d] += w * h[i][d];
                }
            }
            double sq = 0;
            for (double x : delta) {
                sq += x * x;
            }
            loss += sq;
            counted++;
            deltas.add(delta);
            counts.add(new int[] {positives, negatives});
            columns.add(c);
        }
        if (counted == 0) {
            return 0;
        }
        loss *= scale / counted;
        if (grads != null) {
            // dL/dh_i = 2 scale / counted * delta_c * (+1/|P_c| or -1/|N_c|), summed over columns.
            for (int k = 0; k < counted; k++) {
                int c = columns.get(k);
                double[] delta = deltas.get(k);
                for (int i = 0; i < rows; i++) {
                    if (Double.isNaN(y[i][c])) {
                        continue;
                    }
                    double w = (y[i][c] > 0.5 ? 1.0 / counts.get(k)[0] : -1.0 / counts.get(k)[1]) * 2 * scale / counted * grads.scale();
                    for (int d = 0; d < width; d++) {
                        dh[i][d] += w * delta[d];
                    }
                }
            }
            pass.backward(Nd4j.createFromArray(dh).castTo(pass.output().dataType()), grads.encoder());
        }
        return loss;
    }

    /** Service provider for id {@code class-mean-collapse} (modality {@code molecule}). */
    public static final class Provider implements ObjectiveProvider {
        @Override
        public String id() {
            return "class-mean-collapse";
        }

        @Override
        public String description() {
            return "HARMFUL on purpose (positive control): pulls the classes' mean molecule vectors together";
        }

        @Override
        public String modality() {
            return "molecule";
        }

        @Override
        public List<SettingSpec> settings() {
            return List.of(SettingSpec.ofDouble("scale", 20.0, "multiplies the loss: how strongly it collapses the classes"));
        }

        @Override
        public Objective<?> create(Settings settings) {
            return new ClassMeanCollapseObjective(settings.requireNonNegative("scale", false));
        }
    }
}
