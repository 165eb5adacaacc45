package org.tapweight.hypergrad;

import org.tapweight.nn.Vectors;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tapweight.api.hypergrad.HessianVectorProduct;
import org.tapweight.api.hypergrad.HypergradientStrategy;
import org.tapweight.api.hypergrad.HypergradientStrategyProvider;
import org.tapweight.api.hypergrad.Solution;
import org.tapweight.api.hypergrad.SolveContext;
import org.tapweight.api.plugin.ConfigurationException;
import org.tapweight.api.plugin.SettingSpec;
import org.tapweight.api.plugin.Settings;

/**
 * Truncated Neumann series {@code H^-1 v ~ alpha sum_{j=0..n} (I - alpha H)^j v}, computed as n+1
 * Richardson iterations {@code x <- x + alpha (v - H x)} from {@code x = 0}, which gives exactly
 * that sum for n HVPs. Written this way it warm-starts naturally: from a previous solution x0 the
 * same n HVPs continue the iteration. It converges when {@code 0 < alpha < 2 / lambda_max(H)}; for
 * {@code alpha < 1 / lambda_max} on a positive-definite H the error falls monotonically with n.
 *
 * <p>Safeguards, both free (the residual {@code v - H x} is computed by every iteration anyway): a
 * warm start whose residual is no smaller than {@code ||v||} is dropped for a fresh series, and when
 * the residual grows (alpha too large, or an indefinite Hessian) the iteration stops and returns the
 * iterate with the smallest residual, reporting that residual. Without them a warm-started divergent
 * series grows without bound from one outer step to the next.
 *
 * <p>With {@code alpha: auto} the solve first spends {@code spectrumIterations} HVPs on a {@link Lanczos}
 * estimate of the spectrum from v, damps the system the same way {@code cg} with {@code damping: auto}
 * does (the smallest {@code delta >= 0} that leaves the damped Ritz spectrum positive with condition
 * number at most {@code maxCondition}), and runs the series on
 * {@code H + delta I} with {@code alpha = 1 / (theta_max + delta)}: below {@code 2 / lambda_max} whenever
 * the largest Ritz value is above half the largest eigenvalue, which a few Lanczos steps give. The
 * estimate is made afresh for every solve (the Hessian moves between outer steps; keeping every solve a
 * function of its inputs keeps resumed runs bitwise equal to uninterrupted ones), so auto costs
 * {@code spectrumIterations + iterations} HVPs and does not warm-start. Those first HVPs already span
 * the Krylov space that {@code cg} would solve in; the series is kept for comparison, not because it
 * is the better use of the products.
 */
public final class NeumannStrategy implements HypergradientStrategy {

    private final int iterations;
    private final double alpha;
    private final int spectrumIterations;
    private final double maxCondition;

    public NeumannStrategy(int iterations, double alpha) {
        this(iterations, alpha, 0, Double.NaN);
    }

    /**
     * @param alpha              the step, or NaN for auto
     * @param spectrumIterations for auto: the Lanczos steps of the spectrum estimate
     * @param maxCondition       for auto: the largest condition number the damped system keeps
     */
    public NeumannStrategy(int iterations, double alpha, int spectrumIterations, double maxCondition) {
        this.iterations = iterations;
        this.alpha = alpha;
        this.spectrumIterations = spectrumIterations;
        this.maxCondition = maxCondition;
        if (Double.isNaN(alpha) && (spectrumIterations < 1 || !(maxCondition > 1))) {
            throw new IllegalArgumentException("auto alpha needs spectrumIterations >= 1 and maxCondition > 1, got "
                    + spectrumIterations + " and " + maxCondition);
        }
    }

    @Override
    public boolean supportsWarmStart() {
        return !Double.isNaN(alpha);
    }

    @Override
    public Solution solve(HessianVectorProduct hessian, INDArray v, INDArray warmStart, SolveContext context) {
        if (!Double.isNaN(alpha)) {
            return series(hessian, v, warmStart, alpha, 0, 0.0);
        }
        if (Vectors.norm(v) == 0.0) {
            return new Solution(Vectors.zerosLike(v), 0, 0, 0.0);
        }
        Lanczos lanczos = new Lanczos(hessian, v);
        while (lanczos.steps() < spectrumIterations && lanczos.step()) {
            // the spectrum estimate only
        }
        double[] ritz = lanczos.ritzValues();
        double delta = Lanczos.autoDamping(ritz, maxCondition);
        double top = ritz[ritz.length - 1] + delta;
        return series(DampedHessian.of(hessian, delta), v, null, 1.0 / top, lanczos.steps(), delta);
    }

    private Solution series(HessianVectorProduct hessian, INDArray v, INDArray warmStart, double alpha, int spent,
                            double delta) {
        INDArray x;
        int hvps = 0;
        double vNorm = Vectors.norm(v);
        INDArray hx = Vectors.zerosLike(v);
        INDArray residual = Vectors.zerosLike(v);
        INDArray best = null;
        double bestResidual = Double.POSITIVE_INFINITY;
        double previous = Double.POSITIVE_INFINITY;
        boolean diverging = false;
        x = warmStart == null ? v.mul(alpha) : warmStart.dup(); // the first Richardson step from 0 needs no HVP
        while (hvps < iterations) {
            hessian.apply(x, hx);
            hvps++;
            residual.assign(v).subi(hx);
            double r = Vectors.norm(residual);
            if (!Double.isFinite(r)) {
                throw new ArithmeticException("neumann: a Hessian-vector product is not finite (" + r + ")");
            }
            if (hvps == 1 && warmStart != null && !(r < vNorm)) {
                // The warm start is no better than zero (the problem moved, or an earlier solve diverged):
                // start the series afresh; the product just spent still counts.
                x = v.mul(alpha);
                previous = Double.POSITIVE_INFINITY;
                continue;
            }
            if (r < bestResidual) {
                bestResidual = r;
                best = x.dup();
            }
            if (r > previous) {
                // alpha is too large for this Hessian (alpha >= 2 / largest eigenvalue) or the Hessian is
                // indefinite: the series grows. Keep the best iterate instead of a growing one.
                diverging = true;
                break;
            }
            previous = r;
            Vectors.axpy(alpha, residual, x);
        }
        if (diverging) {
            double undamped = delta == 0.0 ? bestResidual / vNorm : Double.NaN;
            return new Solution(best, spent + hvps, hvps, bestResidual / vNorm, undamped, delta);
        }
        return new Solution(x, spent + hvps, hvps, Double.NaN, Double.NaN, delta);
    }

    /** Service provider for id {@code neumann}. */
    public static final class Provider implements HypergradientStrategyProvider {
        @Override
        public String id() {
            return "neumann";
        }

        @Override
        public String description() {
            return "truncated Neumann series alpha sum_j (I - alpha H)^j v; alpha fixed (warm-startable) or 'auto' from a Lanczos spectrum estimate";
        }

        @Override
        public List<SettingSpec> settings() {
            return List.of(
                    SettingSpec.ofInt("iterations", 5, "number n of Hessian-vector products (series terms after the first)"),
                    SettingSpec.ofString("alpha", AutoSetting.AUTO, "step alpha: a number (needs alpha < 2 / largest Hessian"
                            + " eigenvalue) or 'auto' (1 / largest Ritz value of the damped Hessian)"),
                    SettingSpec.ofInt("spectrumIterations", 5, "for alpha 'auto': Lanczos steps (HVPs) of the spectrum estimate"),
                    SettingSpec.ofDouble("maxCondition", 100.0, "for alpha 'auto': the largest condition number the damped system keeps"));
        }

        @Override
        public HypergradientStrategy create(Settings settings) {
            int n = settings.getInt("iterations");
            if (n < 0) {
                throw new ConfigurationException(settings.owner() + ": setting 'iterations' must be >= 0, got " + n);
            }
            int m = settings.getInt("spectrumIterations");
            double alpha = AutoSetting.read(settings, "alpha", false);
            if (Double.isNaN(alpha) && m < 1) {
                throw new ConfigurationException(settings.owner() + ": alpha 'auto' needs spectrumIterations >= 1, got " + m);
            }
            return new NeumannStrategy(n, alpha, m, AutoSetting.maxCondition(settings));
        }
    }
}
