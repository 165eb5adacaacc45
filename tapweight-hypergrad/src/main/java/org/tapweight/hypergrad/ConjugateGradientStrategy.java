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
 * Conjugate gradient on {@code (H + delta I) x = v}, with delta given or chosen from the spectrum.
 *
 * <p>With a given damping (a number) it is classic CG: the residual is updated with the product the
 * step already computed, {@code r <- r - a (H + delta I) p}, not with {@code r <- r - a p}, a slip
 * that silently turns CG into a biased solver. It stops after the configured iterations, when
 * {@code ||r|| / ||v||} falls below the tolerance, or at non-positive curvature {@code p^T H p <= 0}
 * (then the iterate so far is returned). It warm-starts.
 *
 * <p>With {@code damping: auto} it runs the same Krylov iteration as {@link Lanczos} (one HVP per
 * iteration), reads the extreme Ritz values after each, sets
 * the smallest {@code delta >= 0} that leaves the damped Ritz spectrum positive with condition number at most
 * {@code maxCondition} ({@link Lanczos#autoDamping}), and returns the
 * Krylov solution of {@code (H + delta I) x = v}: exactly what CG computes on that damped system, but
 * with delta fitted to the curvature seen (0 on a well-conditioned positive-definite H; above
 * {@code -lambda_min} on an indefinite one) and defined through negative curvature. No warm start:
 * delta changes from solve to solve.
 *
 * <p>Both residuals are reported: the damped system's and {@code ||v - H x|| / ||v||}, the one that says
 * how far x is from {@code H^-1 v}.
 */
public final class ConjugateGradientStrategy implements HypergradientStrategy {

    private final int iterations;
    private final double damping;
    private final double tolerance;
    private final double maxCondition;

    /** Classic CG with a fixed damping. */
    public ConjugateGradientStrategy(int iterations, double damping, double tolerance) {
        this(iterations, damping, tolerance, Double.NaN);
    }

    /**
     * @param damping      a fixed damping, or NaN for auto
     * @param maxCondition for auto damping: the largest condition number left to the damped system
     */
    public ConjugateGradientStrategy(int iterations, double damping, double tolerance, double maxCondition) {
        this.iterations = iterations;
        this.damping = damping;
        this.tolerance = tolerance;
        this.maxCondition = maxCondition;
        if (Double.isNaN(damping) && !(maxCondition > 1)) {
            throw new IllegalArgumentException("auto damping needs maxCondition > 1, got " + maxCondition);
        }
    }

    private boolean autoDamping() {
        return Double.isNaN(damping);
    }

    @Override
    public boolean supportsWarmStart() {
        return !autoDamping();
    }

    @Override
    public Solution solve(HessianVectorProduct hessian, INDArray v, INDArray warmStart, SolveContext context) {
        return autoDamping() ? solveAuto(hessian, v) : solveClassic(hessian, v, warmStart);
    }

    private Solution solveAuto(HessianVectorProduct hessian, INDArray v) {
        if (Vectors.norm(v) == 0.0 || iterations == 0) {
            double residual = Vectors.norm(v) == 0.0 ? 0.0 : 1.0;
            return new Solution(Vectors.zerosLike(v), 0, 0, residual, residual, 0.0);
        }
        Lanczos lanczos = new Lanczos(hessian, v);
        Lanczos.KrylovSolution best = null;
        while (lanczos.steps() < iterations && lanczos.step()) {
            best = lanczos.solve(Lanczos.autoDamping(lanczos.ritzValues(), maxCondition));
            if (best.dampedResidual() <= tolerance) {
                break;
            }
        }
        return new Solution(lanczos.combine(best.coefficients()), lanczos.steps(), lanczos.steps(),
                best.dampedResidual(), best.undampedResidual(), best.damping());
    }

    private Solution solveClassic(HessianVectorProduct hessian, INDArray v, INDArray warmStart) {
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
        // v - H x = r + delta x, with r the damped system's residual
        double undamped = damping == 0.0 ? Math.sqrt(rr) / vNorm : Vectors.norm(r.add(x.mul(damping))) / vNorm;
        return new Solution(x, hvps, it, Math.sqrt(rr) / vNorm, undamped, damping);
    }

    /** Service provider for id {@code cg}. */
    public static final class Provider implements HypergradientStrategyProvider {
        @Override
        public String id() {
            return "cg";
        }

        @Override
        public String description() {
            return "conjugate gradient on (H + damping I) x = v, damping fixed or 'auto' from the Lanczos spectrum; one HVP per iteration";
        }

        @Override
        public List<SettingSpec> settings() {
            return List.of(
                    SettingSpec.ofInt("iterations", 5, "maximum CG iterations (one HVP each)"),
                    SettingSpec.ofString("damping", AutoSetting.AUTO,
                            "Tikhonov damping delta added to the Hessian: a number >= 0 (classic CG, warm-startable) or 'auto'"
                                    + " (the smallest delta >= 0 that makes the damped Ritz spectrum positive with condition number <= maxCondition)"),
                    SettingSpec.ofDouble("maxCondition", 100.0, "for damping 'auto': the largest condition number the damped system keeps"),
                    SettingSpec.ofDouble("tolerance", 1e-10, "stop when the damped system's ||residual|| / ||v|| falls below this"));
        }

        @Override
        public HypergradientStrategy create(Settings settings) {
            int n = settings.getInt("iterations");
            if (n < 0) {
                throw new ConfigurationException(settings.owner() + ": setting 'iterations' must be >= 0, got " + n);
            }
            return new ConjugateGradientStrategy(n, AutoSetting.read(settings, "damping", true),
                    settings.requireNonNegative("tolerance", true), AutoSetting.maxCondition(settings));
        }
    }
}
