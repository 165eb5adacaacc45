package org.tapweight.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Numerically stable losses on logits, each returning the mean loss and, when asked, writing the
 * gradient with respect to the logits. Written from primitive operations: SameDiff's built-in loss
 * ops and log-softmax give wrong gradients or infinities (docs/platform-notes.md, traps 1 and 3).
 */
public final class Losses {

    private Losses() {
    }

    /**
     * Mean softmax cross-entropy of {@code logits [n, classes]} against class indices; the log-softmax
     * subtracts each row's maximum first.
     *
     * @param dLogits null, or overwritten with {@code d loss / d logits}
     */
    public static double softmaxCrossEntropy(INDArray logits, int[] targets, INDArray dLogits) {
        int n = (int) logits.rows();
        if (targets.length != n) {
            throw new IllegalArgumentException(targets.length + " targets for " + n + " rows");
        }
        if (n == 0) {
            if (dLogits != null) {
                dLogits.assign(0);
            }
            return 0.0;
        }
        INDArray shifted = Broadcast.subColumnVector(logits, logits.max(1).reshape(n, 1));
        INDArray exp = Transforms.exp(shifted, true);
        INDArray sum = exp.sum(1).reshape(n, 1);
        INDArray logSum = Transforms.log(sum, true);
        double loss = 0;
        for (int i = 0; i < n; i++) {
            loss -= shifted.getDouble(i, targets[i]) - logSum.getDouble(i, 0);
        }
        if (dLogits != null) {
            INDArray p = Broadcast.diviColumnVector(exp, sum);
            for (int i = 0; i < n; i++) {
                p.putScalar(i, targets[i], p.getDouble(i, targets[i]) - 1.0);
            }
            dLogits.assign(p.divi(n));
        }
        return loss / n;
    }

    /**
     * Mean binary cross-entropy with logits over the entries whose target is not NaN (missing labels
     * count for nothing): {@code max(x, 0) - x y + log(1 + exp(-|x|))}.
     *
     * @return the mean over present entries, 0 when none is present
     */
    public static double binaryCrossEntropy(INDArray logits, INDArray targets, INDArray dLogits) {
        double[] x = logits.ravel().toDoubleVector();
        double[] y = targets.ravel().toDoubleVector();
        double[] d = new double[x.length];
        int present = 0;
        double loss = 0;
        for (int i = 0; i < x.length; i++) {
            if (Double.isNaN(y[i])) {
                continue;
            }
            present++;
            loss += Math.max(x[i], 0) - x[i] * y[i] + Math.log1p(Math.exp(-Math.abs(x[i])));
            d[i] = sigmoid(x[i]) - y[i];
        }
        if (dLogits != null) {
            if (present > 0) {
                for (int i = 0; i < d.length; i++) {
                    d[i] /= present;
                }
            }
            dLogits.assign(Nd4j.createFromArray(d).reshape(logits.shape()).castTo(dLogits.dataType()));
        }
        return present == 0 ? 0.0 : loss / present;
    }

    /** Mean of {@code 1/2 (x - y)^2} over entries whose target is not NaN. */
    public static double halfSquaredError(INDArray predictions, INDArray targets, INDArray dPredictions) {
        double[] x = predictions.ravel().toDoubleVector();
        double[] y = targets.ravel().toDoubleVector();
        double[] d = new double[x.length];
        int present = 0;
        double loss = 0;
        for (int i = 0; i < x.length; i++) {
            if (Double.isNaN(y[i])) {
                continue;
            }
            present++;
            double r = x[i] - y[i];
            loss += 0.5 * r * r;
            d[i] = r;
        }
        if (dPredictions != null) {
            if (present > 0) {
                for (int i = 0; i < d.length; i++) {
                    d[i] /= present;
                }
            }
            dPredictions.assign(Nd4j.createFromArray(d).reshape(predictions.shape()).castTo(dPredictions.dataType()));
        }
        return present == 0 ? 0.0 : loss / present;
    }

    public static double sigmoid(double x) {
        return x >= 0 ? 1.0 / (1.0 + Math.exp(-x)) : Math.exp(x) / (1.0 + Math.exp(x));
    }
}
