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
        if (warmStart == null) {
            x = v.mul(alpha); // the first Richardson step from 0 needs no HVP
        } else {
            x = warmStart.dup();
        }
        INDArray hx = Vectors.zerosLike(v);
        INDArray residual = Vectors.zerosLike(v);
        while (hvps < iterations) {
            hessian.apply(x, hx);
            hvps++;
            residual.assign(v).subi(hx);
            Vectors.axpy(alpha, residual, x);
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
