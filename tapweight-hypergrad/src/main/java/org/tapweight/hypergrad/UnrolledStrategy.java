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
 * Reverse-mode differentiation through the last T steps of the level's optimiser (SGD, heavy-ball
 * or Nesterov momentum), linearised at the current parameters: a constant perturbation d of the
 * gradient during those T steps moves the final iterate by {@code -M_T d}, and this strategy
 * returns {@code M_T v}, the adjoint of that map applied to v. As T grows M_T tends to
 * {@code H^-1}; for plain SGD M_T is the Neumann series with {@code alpha = learning rate}.
 *
 * <p>The Hessian is taken at the current point for all T steps rather than at each stored
 * iterate: near a level's optimum, where the online alternation keeps it, the two agree, and no
 * trajectory needs storing. Costs {@code T - 1} HVPs (the last adjoint step needs none).
 *
 * <p>Update rules (g = gradient, eta = learning rate, mu = momentum, P = the optimiser's diagonal
 * preconditioner, I when it has none):
 * heavy-ball {@code m' = mu m + g; theta' = theta - eta P m'}; Nesterov as ND4J's {@code Nesterovs}:
 * {@code u' = mu u - eta P g; theta' = theta - mu u + (1 + mu) u'}. An Adam level comes as
 * preconditioned heavy-ball ({@link SolveContext}), with P frozen at its current value: then
 * {@code M_1 = eta P} (one step: the identity approximation as Adam would take it, 0 HVPs) and M_T
 * tends to {@code H^-1} as T grows where the preconditioned iteration converges. T is the horizon
 * over which a change of the objective weights is followed. Given settings {@code learningRate} or
 * {@code momentum} replace the optimiser's and drop its preconditioner (plain SGD / momentum).
 */
public final class UnrolledStrategy implements HypergradientStrategy {

    private final int steps;
    private final double learningRateOverride;
    private final double momentumOverride;

    /**
     * @param learningRateOverride the step size, or NaN to use the level optimiser's
     * @param momentumOverride     the momentum, or NaN to use the level optimiser's
     */
    public UnrolledStrategy(int steps, double learningRateOverride, double momentumOverride) {
        this.steps = steps;
        this.learningRateOverride = learningRateOverride;
        this.momentumOverride = momentumOverride;
    }

    @Override
    public void checkUsableWith(SolveContext context) {
        double eta = Double.isNaN(learningRateOverride) ? context.learningRate() : learningRateOverride;
        if (!(eta > 0)) {
            throw new ConfigurationException("strategy 'unrolled' needs a learning rate: the level has no optimiser "
                    + "step size it can use, so set the strategy's setting 'learningRate'");
        }
    }

    @Override
    public Solution solve(HessianVectorProduct hessian, INDArray v, INDArray warmStart, SolveContext context) {
        double eta = Double.isNaN(learningRateOverride) ? context.learningRate() : learningRateOverride;
        double mu = Double.isNaN(momentumOverride) ? context.momentum() : momentumOverride;
        if (!(eta > 0)) {
            throw new ConfigurationException("strategy 'unrolled' needs a learning rate: the level has no optimiser "
                    + "step size it can use, so set the strategy's setting 'learningRate'");
        }
        if (!(mu >= 0 && mu < 1)) {
            throw new ConfigurationException("strategy 'unrolled' needs a momentum in [0, 1), got " + mu);
        }
        boolean nesterov = Double.isNaN(momentumOverride) && context.nesterov();
        boolean own = Double.isNaN(learningRateOverride) && Double.isNaN(momentumOverride);
        INDArray preconditioner = own ? context.preconditioner() : null;
        if (preconditioner != null && preconditioner.length() != v.length()) {
            throw new IllegalArgumentException("unrolled: the optimiser's preconditioner has " + preconditioner.length()
                    + " entries but the level has " + v.length() + " parameters");
        }
        INDArray scaledThetaBar = Vectors.zerosLike(v); // P thetaBar
        INDArray scaledVelocityBar = preconditioner != null && nesterov ? Vectors.zerosLike(v) : null; // P velocityBar
        // Adjoint state: thetaBar (starts at v), velocityBar (starts at 0); x accumulates the
        // adjoint of the gradient perturbation over the T steps.
        INDArray thetaBar = v.dup();
        INDArray velocityBar = Vectors.zerosLike(v);
        INDArray gradBar = Vectors.zerosLike(v);
        INDArray hGradBar = Vectors.zerosLike(v);
        INDArray x = Vectors.zerosLike(v);
        int hvps = 0;
        for (int t = 0; t < steps; t++) {
            scaledThetaBar.assign(thetaBar);
            if (preconditioner != null) {
                scaledThetaBar.muli(preconditioner);
            }
            if (nesterov) {
                // theta' = theta + mu^2 u - (1+mu) eta P g ;  u' = mu u - eta P g
                gradBar.assign(scaledThetaBar).muli(-(1 + mu) * eta);
                if (preconditioner != null) {
                    Vectors.axpy(-eta, scaledVelocityBar.assign(velocityBar).muli(preconditioner), gradBar);
                } else {
                    Vectors.axpy(-eta, velocityBar, gradBar);
                }
                velocityBar.muli(mu);
                Vectors.axpy(mu * mu, thetaBar, velocityBar);
            } else {
                // m' = mu m + g ; theta' = theta - eta P m'
                gradBar.assign(velocityBar);
                Vectors.axpy(-eta, scaledThetaBar, gradBar);
                velocityBar.assign(gradBar).muli(mu);
            }
            x.subi(gradBar);
            if (t + 1 < steps) {
                hessian.apply(gradBar, hGradBar);
                hvps++;
                thetaBar.addi(hGradBar);
            }
        }
        return new Solution(x, hvps, steps, Double.NaN);
    }

    /** Service provider for id {@code unrolled}. */
    public static final class Provider implements HypergradientStrategyProvider {
        @Override
        public String id() {
            return "unrolled";
        }

        @Override
        public String description() {
            return "reverse mode through the last T optimiser steps (SGD / momentum / Adam as preconditioned momentum), linearised; T-1 HVPs";
        }

        @Override
        public List<SettingSpec> settings() {
            return List.of(
                    SettingSpec.ofInt("steps", 5, "number T of optimiser steps to differentiate through"),
                    SettingSpec.ofDouble("learningRate", Double.NaN, "step size; NaN takes the level optimiser's (and its preconditioner)"),
                    SettingSpec.ofDouble("momentum", Double.NaN,
                            "heavy-ball momentum; NaN takes the level optimiser's momentum and form"));
        }

        @Override
        public HypergradientStrategy create(Settings settings) {
            int t = settings.getInt("steps");
            if (t < 1) {
                throw new ConfigurationException(settings.owner() + ": setting 'steps' must be >= 1, got " + t);
            }
            double lr = settings.getDouble("learningRate");
            double mu = settings.getDouble("momentum");
            if (!Double.isNaN(lr) && !(lr > 0 && lr < Double.POSITIVE_INFINITY)) {
                throw new ConfigurationException(settings.owner() + ": setting 'learningRate' must be > 0, got " + lr);
            }
            if (!Double.isNaN(mu) && !(mu >= 0 && mu < 1)) {
                throw new ConfigurationException(settings.owner() + ": setting 'momentum' must be in [0, 1), got " + mu);
            }
            return new UnrolledStrategy(t, lr, mu);
        }
    }
}
