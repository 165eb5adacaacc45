package org.tapweight.api.hypergrad;

/**
 * What a strategy may need to know about the level whose Hessian it inverts.
 *
 * @param learningRate the level optimiser's current learning rate
 * @param momentum     the level optimiser's momentum (0 for plain SGD)
 * @param nesterov     whether the momentum is Nesterov's (ND4J's {@code Nesterovs}) rather than heavy-ball
 *                     <p>{@code learningRate} is NaN where the optimiser is not SGD-like (Adam) or where
 *                     there is no optimiser; strategies that need it then require it in their settings.
 */
public record SolveContext(double learningRate, double momentum, boolean nesterov) {

    /** For direct solves, where no optimiser is involved. */
    public static final SolveContext NONE = new SolveContext(Double.NaN, 0.0, false);
}
