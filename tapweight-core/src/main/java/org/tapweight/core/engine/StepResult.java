package org.tapweight.core.engine;

/**
 * What one outer step did: losses of each level, the weights used, and for steps with a level-III
 * update the hypergradient and its cost. NaN marks what a step did not compute.
 *
 * @param step            the outer step, from 0
 * @param objectiveLosses level I's per-objective losses on its last batch (without {@code levelI.l2}'s term)
 * @param weights         the objective weights used by level I in this step
 * @param taskLoss        level II's task loss on its last batch, with {@code levelII.l2}'s term and without
 *                        the proximal term
 * @param validationLoss  the validation loss of level II's model where level III computed it
 * @param hypergradient   d L_val / d lambda, or null when level III did not run
 * @param lambda          the level-III parameters after this step
 * @param residualI       relative residual of level I's solve, of the (possibly damped) system it solved
 * @param undampedResidualI {@code ||u - H_I z|| / ||u||}: how far z is from {@code H_I^-1 u}
 * @param dampingI        the damping level I's solve used (0 for none)
 */
public record StepResult(int step, double[] objectiveLosses, double[] weights, double taskLoss, double validationLoss,
                         double[] hypergradient, double hypergradientNorm, double[] lambda,
                         int hvpsI, int hvpsII, int gradientEvaluations, double residualI, double residualII,
                         double undampedResidualI, double undampedResidualII, double dampingI, double dampingII,
                         double millisI, double millisII, double millisIII) {
}
