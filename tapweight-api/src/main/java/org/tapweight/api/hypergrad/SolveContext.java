package org.tapweight.api.hypergrad;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What a strategy may need to know about the level whose Hessian it inverts: the level optimiser
 * written as a (preconditioned) heavy-ball or Nesterov method, {@code m' = mu m + g},
 * {@code theta' = theta - learningRate * P m'}.
 *
 * @param learningRate   the level optimiser's current step size; NaN where there is no optimiser
 * @param momentum       the level optimiser's momentum (0 for plain SGD)
 * @param nesterov       whether the momentum is Nesterov's (ND4J's {@code Nesterovs}) rather than heavy-ball
 * @param preconditioner the optimiser's current diagonal preconditioner P, one entry per parameter, or
 *                       null for none (P = I). Adam is {@code learningRate = lr_t (1 - beta1)},
 *                       {@code momentum = beta1}, {@code P = 1 / (sqrt(v) + eps)} with its second-moment
 *                       estimate v and bias-corrected step {@code lr_t = lr sqrt(1 - beta2^t) / (1 - beta1^t)}:
 *                       its exponential average of gradients is heavy-ball momentum scaled by {@code 1 - beta1}.
 *                       A snapshot: strategies must not modify it.
 */
public record SolveContext(double learningRate, double momentum, boolean nesterov, INDArray preconditioner) {

    /** For direct solves, where no optimiser is involved. */
    public static final SolveContext NONE = new SolveContext(Double.NaN, 0.0, false);

    /** An optimiser without a preconditioner (SGD, heavy-ball, Nesterov). */
    public SolveContext(double learningRate, double momentum, boolean nesterov) {
        this(learningRate, momentum, nesterov, null);
    }
}
