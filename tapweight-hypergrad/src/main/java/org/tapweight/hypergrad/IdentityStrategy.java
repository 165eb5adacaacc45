package org.tapweight.hypergrad;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tapweight.api.hypergrad.HessianVectorProduct;
import org.tapweight.api.hypergrad.HypergradientStrategy;
import org.tapweight.api.hypergrad.HypergradientStrategyProvider;
import org.tapweight.api.hypergrad.Solution;
import org.tapweight.api.hypergrad.SolveContext;
import org.tapweight.api.plugin.SettingSpec;
import org.tapweight.api.plugin.Settings;

/** One-step (DARTS-style) approximation {@code H^-1 v ~ alpha v}: no HVPs; exact when H = I / alpha. */
public final class IdentityStrategy implements HypergradientStrategy {

    private final double alpha;

    public IdentityStrategy(double alpha) {
        this.alpha = alpha;
    }

    @Override
    public Solution solve(HessianVectorProduct hessian, INDArray v, INDArray warmStart, SolveContext context) {
        return new Solution(v.mul(alpha), 0, 0, Double.NaN);
    }

    /** Service provider for id {@code identity}. */
    public static final class Provider implements HypergradientStrategyProvider {
        @Override
        public String id() {
            return "identity";
        }

        @Override
        public String description() {
            return "one-step approximation H^-1 v ~ alpha v (DARTS-style); no Hessian-vector products";
        }

        @Override
        public List<SettingSpec> settings() {
            return List.of(SettingSpec.ofDouble("alpha", 1.0, "scale alpha of the approximation alpha v"));
        }

        @Override
        public HypergradientStrategy create(Settings settings) {
            return new IdentityStrategy(settings.requireNonNegative("alpha", false));
        }
    }
}
