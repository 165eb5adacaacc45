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
 * Conjugate gradient on {@code (H + delta I) x = v}. The residual is updated with the product the
 * step already computed, {@code r <- r - a (H + delta I) p}, not with {@code r <- r - a p}, a slip
 * that silently turns CG into a biased solver. It stops after the configured iterations, when
 * {@code ||r|| / ||v||} falls below the tolerance, or at non-positive curvature {@code p^T H p <= 0}
 * (then the iterate so far is returned; damping makes an indefinite H usable).
 */
public final class ConjugateGradientStrategy implements HypergradientStrategy {

    private final int iterations;
    private final double damping;
    private final double tolerance;

    public ConjugateGradientStrategy(int iterations, double damping, double tolerance) {
        this.iterations = iterations;
        this.damping = damping;
        this.tolerance = tolerance;
    }

    @Override
    public boolean supportsWarmStart() {
        return true;
    }

    @Override
    public Solution solve(HessianVectorProduct hessian, INDArray v, INDArray warmStart, SolveContext context) {
        HessianVectorProduct a = DampedHessian.of(hessian, damping);
        double vNorm = Vectors.norm(v);
        INDArray x = warmStart == null ? Vectors.zerosLike(v) : warmStart.dup();
        if (vNorm == 0.0) {
            return new Solution(Vectors.zerosLike(v), 0, 0, 0.0);
        }
        INDArray r = v.dup();
        INDArray ap = Vectors.zerosLike(v);
        int hvps = 0;
        if (warmStart != null) {
            a.apply(x, ap);
            hvps++;
            r.subi(ap);
        }
        INDArray p = r.dup();
        double rr = Vectors.dot(r, r);
        int it = 0;
        while (it < iterations && Math.sqrt(rr) / vNorm > tolerance) {
            a.apply(p, ap);
            hvps++;
            double curvature = Vectors.dot(p, ap);
            if (!Double.isFinite(curvature)) {
                throw new ArithmeticException("cg: a Hessian-vector product is not finite (p^T H p = " + curvature + ")");
            }
            if (!(curvature > 0)) {
                break;
            }
            double step = rr / curvature;
            Vectors.axpy(step, p, x);
            Vectors.axpy(-step, ap, r);
            double rrNext = Vectors.dot(r, r);
            p.muli(rrNext / rr).addi(r);
            rr = rrNext;
            it++;
        }
        return new Solution(x, hvps, it, Math.sqrt(rr) / vNorm);
    }

    /** Service provider for id {@code cg}. */
    public static final class Provider implements HypergradientStrategyProvider {
        @Override
        public String id() {
            return "cg";
        }

        @Override
        public String description() {
            return "conjugate gradient on (H + damping I) x = v; one HVP per iteration; warm-startable";
        }

        @Override
        public List<SettingSpec> settings() {
            return List.of(
                    SettingSpec.ofInt("iterations", 5, "maximum CG iterations (one HVP each)"),
                    SettingSpec.ofDouble("damping", 0.0, "Tikhonov damping delta added to the Hessian"),
                    SettingSpec.ofDouble("tolerance", 1e-10, "stop when ||residual|| / ||v|| falls below this"));
        }

        @Override
        public HypergradientStrategy create(Settings settings) {
            int n = settings.getInt("iterations");
            if (n < 0) {
                throw new ConfigurationException(settings.owner() + ": setting 'iterations' must be >= 0, got " + n);
            }
            return new ConjugateGradientStrategy(n, settings.requireNonNegative("damping", true),
                    settings.requireNonNegative("tolerance", true));
        }
    }
}
