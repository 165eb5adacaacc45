package org.tapweight.core.engine;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.tapweight.api.hypergrad.HessianVectorProduct;
import org.tapweight.api.hypergrad.HypergradientStrategy;
import org.tapweight.api.hypergrad.Solution;
import org.tapweight.api.hypergrad.SolveContext;
import org.tapweight.api.model.Noise;
import org.tapweight.api.model.PretrainingModel;
import org.tapweight.api.model.Split;
import org.tapweight.api.model.TaskModel;
import org.tapweight.api.weights.WeightMap;
import org.tapweight.hypergrad.FiniteDifferenceHvp;
import org.tapweight.nn.Vectors;

/**
 * The level-III hypergradient of docs/design.md, section 1.2:
 * <pre>
 * v   = grad_omega L_val(omega)
 * u   = 2 gamma [H_II^-1 v]_enc            H_II = hess L_task + 2 gamma I_enc
 * z   = H_I^-1 u                          H_I  = hess sum_k w_k L_k
 * a_k = &lt;grad L_k(theta), z&gt;              (central difference of the K losses along z)
 * grad_lambda L_val = - J_w(lambda)^T a
 * </pre>
 * The two inverse products come from the configured strategies; the HVPs are central differences
 * of gradients on the given probe batches, with equal noise on both sides.
 */
public final class HypergradientChain {

    /** A batch and its random numbers: both passes of a finite difference use the same. */
    public record Probe(long batchIndex, Noise noise) {
    }

    /**
     * The hypergradient, the two solves it came from, and what it cost.
     *
     * @param solveI  {@code z ~ H_I^-1 u}
     * @param solveII {@code y ~ H_II^-1 v}
     */
    public record Result(double[] hypergradient, double[] directional, Solution solveII, Solution solveI,
                         double validationLoss, int gradientEvaluations, int lossEvaluations) {

        public INDArray solutionI() {
            return solveI.x();
        }

        public INDArray solutionII() {
            return solveII.x();
        }

        public int hvpsI() {
            return solveI.hvpCount();
        }

        public int hvpsII() {
            return solveII.hvpCount();
        }

        /** The relative residual of the system level I's solve worked on (damped where it damped). */
        public double residualI() {
            return solveI.relativeResidual();
        }

        public double residualII() {
            return solveII.relativeResidual();
        }
    }

    private final PretrainingModel pretraining;
    private final TaskModel task;
    private final WeightMap weightMap;
    private final HypergradientStrategy strategyI;
    private final HypergradientStrategy strategyII;
    private final double epsilon;
    private final int encoderSize;

    public HypergradientChain(PretrainingModel pretraining, TaskModel task, WeightMap weightMap,
                              HypergradientStrategy strategyI, HypergradientStrategy strategyII, double epsilon) {
        this.pretraining = pretraining;
        this.task = task;
        this.weightMap = weightMap;
        this.strategyI = strategyI;
        this.strategyII = strategyII;
        this.epsilon = epsilon;
        this.encoderSize = pretraining.layout().encoderSize();
    }

    /**
     * Where the chain is evaluated.
     *
     * @param lambda          level III's free parameters
     * @param theta           level I's parameters (encoder, then objective heads)
     * @param omega           level II's parameters (encoder, then task head)
     * @param gamma           the proximal coefficient coupling the levels
     * @param probeI          the batch and noise level I's Hessian is probed on
     * @param probeII         likewise for level II
     * @param validationBatch the validation batch of the outer loss ({@link TaskModel#WHOLE_SPLIT} for all)
     */
    public record Point(double[] lambda, INDArray theta, INDArray omega, double gamma, Probe probeI, Probe probeII,
                        long validationBatch) {
    }

    /**
     * How the inverse products are solved: each level optimiser's context (for {@code unrolled}) and
     * a warm start (the previous solution, or null).
     */
    public record Solves(SolveContext contextI, SolveContext contextII, INDArray warmI, INDArray warmII) {

        /** Without warm starts. */
        public static Solves cold(SolveContext contextI, SolveContext contextII) {
            return new Solves(contextI, contextII, null, null);
        }
    }

    /** The tri-level hypergradient at {@code at}. */
    public Result compute(Point at, Solves solves) {
        double[] lambda = at.lambda();
        INDArray theta = at.theta();
        INDArray omega = at.omega();
        double gamma = at.gamma();
        Probe probeI = at.probeI();
        Probe probeII = at.probeII();
        double[] w = weightMap.weights(lambda);
        // v = grad L_val(omega)
        INDArray v = Vectors.zerosLike(omega);
        double valLoss = task.evaluate(omega, Split.VALIDATION, at.validationBatch(), Noise.NONE, v);

        // y = H_II^-1 v ; H_II = hess L_task (finite differences) + 2 gamma on the encoder part (exact)
        HessianVectorProduct taskHessian = task.exactHessian(omega, Split.TRAIN, probeII.batchIndex(), probeII.noise());
        if (taskHessian == null) {
            taskHessian = new FiniteDifferenceHvp(
                    (p, out) -> task.evaluate(p, Split.TRAIN, probeII.batchIndex(), probeII.noise(), out), omega, epsilon);
        }
        HessianVectorProduct hII = new ProximalHessian(taskHessian, 2.0 * gamma, encoderSize);
        Solution y = strategyII.solve(hII, v, solves.warmII(), solves.contextII());

        // u = 2 gamma [y]_enc, in level I's coordinates (zero on the objective heads)
        INDArray u = Vectors.zerosLike(theta);
        if (encoderSize > 0) {
            u.get(Vectors.range(0, encoderSize)).assign(y.x().get(Vectors.range(0, encoderSize))).muli(2.0 * gamma);
        }

        // z = H_I^-1 u
        HessianVectorProduct hI = pretraining.exactHessian(theta, probeI.batchIndex(), probeI.noise(), w);
        if (hI == null) {
            hI = new FiniteDifferenceHvp(
                    (p, out) -> pretraining.evaluate(p, probeI.batchIndex(), probeI.noise(), w, out), theta, epsilon);
        }
        Solution z = strategyI.solve(hI, u, solves.warmI(), solves.contextI());

        // a_k = d/dt L_k(theta + t z) by a central difference of all K losses at once
        double[] a = directionalDerivatives(pretraining, theta, z.x(), probeI, epsilon);
        double[] hypergradient = weightMap.vectorJacobianProduct(lambda, a);
        for (int i = 0; i < hypergradient.length; i++) {
            hypergradient[i] = -hypergradient[i];
        }
        int gradients = 1 + hII.gradientsPerProduct() * y.hvpCount() + hI.gradientsPerProduct() * z.hvpCount();
        return new Result(hypergradient, a, y, z, valLoss, gradients, 2);
    }

    /**
     * The bi-level ablation's hypergradient (mode BILEVEL): one joint model phi (encoder, objective
     * heads, task head) trained on {@code sum_k w_k L_k + L_task}, so one inverse product:
     * <pre>
     * v = grad_phi L_val(phi),   z = H^-1 v   (H the joint loss's Hessian),
     * a_k = &lt;grad L_k, z&gt; on level I's view of phi,   grad_lambda L_val = - J_w(lambda)^T a
     * </pre>
     * Level I's strategy solves; the result's {@code solveII} is null.
     */
    Result computeJoint(JointModel joint, double[] lambda, INDArray phi, Probe probeI, Probe probeII, long validationBatch,
                        SolveContext context, INDArray warm) {
        double[] w = weightMap.weights(lambda);
        INDArray v = Vectors.zerosLike(phi);
        double valLoss = joint.validation(phi, validationBatch, v);
        HessianVectorProduct h = new FiniteDifferenceHvp((p, out) -> joint.evaluate(p, w, probeI, probeII, out), phi, epsilon);
        Solution z = strategyI.solve(h, v, warm, context);
        double[] a = directionalDerivatives(pretraining, joint.levelIView(phi), joint.levelIView(z.x()), probeI, epsilon);
        double[] hypergradient = weightMap.vectorJacobianProduct(lambda, a);
        for (int i = 0; i < hypergradient.length; i++) {
            hypergradient[i] = -hypergradient[i];
        }
        return new Result(hypergradient, a, null, z, valLoss, 1 + h.gradientsPerProduct() * z.hvpCount(), 2);
    }

    /**
     * {@code a_k = d/dt L_k(theta + t z)} for every objective at once, by a central difference of the
     * K losses (two forward passes on the same batch and noise, no backward pass).
     */
    static double[] directionalDerivatives(PretrainingModel pretraining, INDArray theta, INDArray z, Probe probe,
                                           double epsilon) {
        int k = pretraining.objectiveIds().size();
        double norm = Vectors.norm(z);
        if (norm == 0.0) {
            return new double[k];
        }
        double h = epsilon / norm;
        INDArray shifted = theta.dup();
        Vectors.axpy(h, z, shifted);
        double[] plus = pretraining.evaluate(shifted, probe.batchIndex(), probe.noise(), null, null);
        shifted.assign(theta);
        Vectors.axpy(-h, z, shifted);
        double[] minus = pretraining.evaluate(shifted, probe.batchIndex(), probe.noise(), null, null);
        double[] a = new double[k];
        for (int i = 0; i < k; i++) {
            a[i] = (plus[i] - minus[i]) / (2 * h);
        }
        return a;
    }
}
