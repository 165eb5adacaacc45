package org.tapweight.examples.steepest;

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
import org.tapweight.nn.Vectors;

/**
 * Steepest descent on the quadratic {@code x^T H x / 2 - v^T x} with exact line search, as a
 * third-party hypergradient strategy: each iteration spends one Hessian-vector product,
 * {@code alpha = r.r / r.Hr}, {@code x += alpha r}, {@code r -= alpha Hr}. It converges for a
 * positive definite H, at a rate set by the condition number (slower than CG, which the framework
 * ships; this is an example of the SPI, not a recommendation). It stops early when the relative
 * residual falls below the tolerance, or when {@code r.Hr <= 0} (H is not positive definite along r).
 */
public final class SteepestDescentStrategy implements HypergradientStrategy {

    private final int iterations;
    private final double tolerance;

    public SteepestDescentStrategy(int iterations, double tolerance) {
        this.iterations = iterations;
        this.tolerance = tolerance;
    }

    @Override
    public boolean supportsWarmStart() {
        return true;
    }

    @Override
    public Solution solve(HessianVectorProduct hessian, INDArray v, INDArray warmStart, SolveContext context) {
        double vNorm = Vectors.norm(v);
        INDArray x = warmStart == null ? v.ulike().assign(0) : warmStart.dup();
        INDArray r = v.dup();
        INDArray hr = v.ulike();
        int products = 0;
        if (warmStart != null) {
            hessian.apply(x, hr);
            products++;
            r.subi(hr);
        }
        if (vNorm == 0) {
            return new Solution(x, products, 0, 0.0);
        }
        int done = 0;
        while (done < iterations && Vectors.norm(r) / vNorm > tolerance) {
            hessian.apply(r, hr);
            products++;
            double rr = Vectors.dot(r, r);
            double rHr = Vectors.dot(r, hr);
            if (!(rHr > 0)) {
                break;
            }
            double alpha = rr / rHr;
            Vectors.axpy(alpha, r, x);
            Vectors.axpy(-alpha, hr, r);
            done++;
        }
        return new Solution(x, products, done, Vectors.norm(r) / vNorm);
    }

    /** Service provider for id {@code steepest-descent}. */
    public static final class Provider implements HypergradientStrategyProvider {
        @Override
        public String id() {
            return "steepest-descent";
        }

        @Override
        public String description() {
            return "steepest descent with exact line search, one HVP an iteration (example plug-in)";
        }

        @Override
        public List<SettingSpec> settings() {
            return List.of(SettingSpec.ofInt("iterations", 20, "at most this many iterations (one HVP each)"),
                    SettingSpec.ofDouble("tolerance", 1e-6, "stop when ||v - H x|| / ||v|| falls below this"));
        }

        @Override
        public HypergradientStrategy create(Settings settings) {
            int iterations = settings.getInt("iterations");
            if (iterations < 1) {
                throw new ConfigurationException(settings.owner() + ": setting 'iterations' must be >= 1");
            }
            return new SteepestDescentStrategy(iterations, settings.requireNonNegative("tolerance", true));
        }
    }
}
