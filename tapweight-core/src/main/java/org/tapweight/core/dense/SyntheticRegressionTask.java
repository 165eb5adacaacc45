package org.tapweight.core.dense;

import org.tapweight.nn.Linear;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tapweight.api.modality.Dataset;
import org.tapweight.api.modality.Encoder;
import org.tapweight.api.modality.Task;
import org.tapweight.api.modality.TaskProvider;
import org.tapweight.api.model.Noise;
import org.tapweight.api.model.Split;
import org.tapweight.api.plugin.ConfigurationException;
import org.tapweight.api.plugin.SettingSpec;
import org.tapweight.api.plugin.Settings;

/**
 * A generated regression task with known structure, for tests and demonstrations. Rows
 * {@code x ~ N(0, I)}; the label is {@code y = tanh(u . x) + noise}; two side columns are given
 * for auxiliary objectives: column 0 is {@code u . x} (its optimum helps the task) and column 1 is
 * {@code r . x} with {@code r} orthogonal to {@code u} (learning it competes with the task for
 * the encoder). Random 60/20/20 split, seeded. Loss {@code 1/2 mean (y_hat - y)^2}; metrics
 * {@code rmse} (primary) and {@code mse}.
 */
public final class SyntheticRegressionTask implements Task<DenseBatch> {

    private final Map<Split, DenseDataset> splits = new EnumMap<>(Split.class);

    public SyntheticRegressionTask(long seed, int examples, int features, double noise) {
        Random rnd = new Random(seed);
        double[] u = unit(gaussian(rnd, features));
        double[] r = gaussian(rnd, features);
        double ur = dot(u, r);
        for (int i = 0; i < features; i++) {
            r[i] -= ur * u[i];
        }
        r = unit(r);
        double[][] x = new double[examples][];
        double[][] aux = new double[examples][2];
        double[][] y = new double[examples][1];
        for (int n = 0; n < examples; n++) {
            x[n] = gaussian(rnd, features);
            aux[n][0] = dot(u, x[n]);
            aux[n][1] = dot(r, x[n]);
            y[n][0] = Math.tanh(aux[n][0]) + noise * rnd.nextGaussian();
        }
        int[] order = new int[examples];
        for (int i = 0; i < examples; i++) {
            order[i] = i;
        }
        for (int i = examples - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int trainEnd = (int) Math.round(examples * 0.6);
        int valEnd = (int) Math.round(examples * 0.8);
        splits.put(Split.TRAIN, subset("synthetic-regression/train", x, aux, y, order, 0, trainEnd));
        splits.put(Split.VALIDATION, subset("synthetic-regression/validation", x, aux, y, order, trainEnd, valEnd));
        splits.put(Split.TEST, subset("synthetic-regression/test", x, aux, y, order, valEnd, examples));
    }

    private static DenseDataset subset(String name, double[][] x, double[][] aux, double[][] y, int[] order, int from, int to) {
        double[][] xs = new double[to - from][];
        double[][] as = new double[to - from][];
        double[][] ys = new double[to - from][];
        for (int i = from; i < to; i++) {
            xs[i - from] = x[order[i]];
            as[i - from] = aux[order[i]];
            ys[i - from] = y[order[i]];
        }
        return new DenseDataset(name, Nd4j.createFromArray(xs), Nd4j.createFromArray(as), Nd4j.createFromArray(ys));
    }

    private static double[] gaussian(Random rnd, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = rnd.nextGaussian();
        }
        return v;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static double[] unit(double[] v) {
        double n = Math.sqrt(dot(v, v));
        for (int i = 0; i < v.length; i++) {
            v[i] /= n;
        }
        return v;
    }

    @Override
    public Class<DenseBatch> batchType() {
        return DenseBatch.class;
    }

    @Override
    public Dataset<DenseBatch> data(Split split) {
        return splits.get(split);
    }

    @Override
    public int headSize(int representationSize) {
        return new Linear(representationSize, 1).size();
    }

    @Override
    public void initializeHead(INDArray head, int representationSize, long seed) {
        new Linear(representationSize, 1).initialize(head, seed);
    }

    @Override
    public double loss(Encoder<DenseBatch> encoder, INDArray encoderParams, INDArray head, DenseBatch batch, Noise noise,
                       Gradients grads) {
        Encoder.Pass pass = encoder.forward(encoderParams, batch, noise);
        return new Linear(pass.output().columns(), 1).squaredError(pass, head, batch.requireLabels(),
                null, batch.indices().length, grads);
    }

    @Override
    public Map<String, Double> metrics(Encoder<DenseBatch> encoder, INDArray encoderParams, INDArray head, Split split) {
        DenseDataset d = splits.get(split);
        int[] all = new int[d.size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        DenseBatch batch = d.batch(all);
        double mse = 2 * loss(encoder, encoderParams, head, batch, Noise.NONE, null);
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("rmse", Math.sqrt(mse));
        m.put("mse", mse);
        return m;
    }

    @Override
    public String primaryMetric() {
        return "rmse";
    }

    @Override
    public boolean higherIsBetter() {
        return false;
    }

    /** Service provider for id {@code synthetic-regression} (modality {@code dense}). */
    public static final class Provider implements TaskProvider {
        @Override
        public String id() {
            return "synthetic-regression";
        }

        @Override
        public String description() {
            return "generated regression with one helpful and one competing side column (tests, demos)";
        }

        @Override
        public String modality() {
            return "dense";
        }

        @Override
        public List<SettingSpec> settings() {
            return List.of(SettingSpec.ofInt("seed", 42, "seed of the generated data and split"),
                    SettingSpec.ofInt("examples", 600, "number of rows"),
                    SettingSpec.ofInt("features", 8, "number of features"),
                    SettingSpec.ofDouble("noise", 0.1, "standard deviation of the label noise"));
        }

        @Override
        public Task<?> create(Settings settings) {
            int n = settings.getInt("examples");
            int d = settings.getInt("features");
            if (n < 10 || d < 2) {
                throw new ConfigurationException(settings.owner() + ": needs examples >= 10 and features >= 2, got " + n + " and " + d);
            }
            return new SyntheticRegressionTask(settings.getInt("seed"), n, d, settings.requireNonNegative("noise", true));
        }
    }
}
