package org.tapweight.hypergrad;

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
 */
public final class NeumannStrategy implements HypergradientStrategy {

    private final int iterations;
    private final double alpha;

    public NeumannStrategy(int iterations, double alpha) {
        this.iterations = iterations;
        this.alpha = alpha;
    }

    @Override
    public boolean supportsWarmStart() {
        return true;
    }

    @Override
    public Solution solve(HessianVectorProduct hessian, INDArray v, INDArray warmStart, SolveContext context) {
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
            return new Solution(best, hvps, hvps, bestResidual / vNorm);
        }
        return new Solution(x, hvps, hvps, Double.NaN);
    }

    /** Service provider for id {@code neumann}. */
    public static final class Provider implements HypergradientStrategyProvider {
        @Override
        public String id() {
            return "neumann";
        }

        @Override
        public String description() {
            return "truncated Neumann series alpha sum_j (I - alpha H)^j v; n HVPs; warm-startable";
        }

        @Override
        public List<SettingSpec> settings() {
            return List.of(
                    SettingSpec.ofInt("iterations", 5, "number n of Hessian-vector products (series terms after the first)"),
                    SettingSpec.ofDouble("alpha", 0.01, "step alpha; needs alpha < 2 / largest Hessian eigenvalue"));
        }

        @Override
        public HypergradientStrategy create(Settings settings) {
            int n = settings.getInt("iterations");
            if (n < 0) {
                throw new ConfigurationException(settings.owner() + ": setting 'iterations' must be >= 0, got " + n);
            }
            return new NeumannStrategy(n, settings.requireNonNegative("alpha", false));
        }
    }
}
