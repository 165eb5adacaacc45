package org.tapweight.nn;

import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Central finite-difference check of an analytic gradient, for tests of every model and loss
 * (run them in double precision). Compares the analytic gradient with
 * {@code (f(p + h e_i) - f(p - h e_i)) / 2h} on all coordinates, or on a seeded sample of them for
 * large models, and reports the norm-wise relative error {@code ||g_a - g_fd|| / max(||g_a||, ||g_fd||)}.
 */
public final class GradientCheck {

    /** A loss with its gradient: returns f(params) and, when {@code gradOut} is non-null, writes the gradient. */
    @FunctionalInterface
    public interface Function {
        double evaluate(INDArray params, INDArray gradOut);
    }

    /** The outcome of a check. */
    public record Result(double relativeError, double maxAbsoluteError, int coordinates, double gradientNorm) {
    }

    private GradientCheck() {
    }

    /**
     * @param maxCoordinates check at most this many coordinates (seeded sample)
     */
    public static Result check(Function f, INDArray params, double h, int maxCoordinates, long seed) {
        if (params.dataType() != DataType.DOUBLE) {
            throw new IllegalArgumentException("gradient checks need double precision, got " + params.dataType());
        }
        INDArray p = params.dup();
        INDArray analytic = p.ulike();
        f.evaluate(p, analytic);
        int n = (int) p.length();
        int[] coords = sample(n, maxCoordinates, seed);
        double diff2 = 0;
        double a2 = 0;
        double fd2 = 0;
        double maxAbs = 0;
        for (int i : coords) {
            double original = p.getDouble(i);
            p.putScalar(i, original + h);
            double plus = f.evaluate(p, null);
            p.putScalar(i, original - h);
            double minus = f.evaluate(p, null);
            p.putScalar(i, original);
            double numeric = (plus - minus) / (2 * h);
            double a = analytic.getDouble(i);
            diff2 += (a - numeric) * (a - numeric);
            a2 += a * a;
            fd2 += numeric * numeric;
            maxAbs = Math.max(maxAbs, Math.abs(a - numeric));
        }
        double scale = Math.max(Math.sqrt(a2), Math.sqrt(fd2));
        return new Result(scale == 0 ? 0 : Math.sqrt(diff2) / scale, maxAbs, coords.length, Math.sqrt(a2));
    }

    private static int[] sample(int n, int max, long seed) {
        if (n <= max) {
            int[] all = new int[n];
            for (int i = 0; i < n; i++) {
                all[i] = i;
            }
            return all;
        }
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        Random rnd = new Random(seed);
        for (int i = 0; i < max; i++) {
            int j = i + rnd.nextInt(n - i);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
        }
        int[] out = new int[max];
        System.arraycopy(idx, 0, out, 0, max);
        return out;
    }
}
