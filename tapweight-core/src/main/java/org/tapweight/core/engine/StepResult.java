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

    /** Wall time of each level in one step, in milliseconds (BILEVEL's joint steps count as level I). */
    public record Times(double millisI, double millisII, double millisIII) {
    }

    /**
     * The record of a step from what its levels did.
     *
     * @param update level III's update, or null where the step made none
     */
    static StepResult of(int step, double[] objectiveLosses, double[] weights, double taskLoss, WeightUpdate.Outcome update,
                         double[] lambda, Times times) {
        double[] g = update == null ? null : update.gradient();
        double norm = Double.NaN;
        if (g != null) {
            double sq = 0;
            for (double x : g) {
                sq += x * x;
            }
            norm = Math.sqrt(sq);
        }
        org.tapweight.api.hypergrad.Solution solveI = update == null ? null : update.solveI();
        org.tapweight.api.hypergrad.Solution solveII = update == null ? null : update.solveII();
        return new StepResult(step, objectiveLosses.clone(), weights, taskLoss,
                update == null ? Double.NaN : update.validationLoss(), g, norm, lambda,
                solveI == null ? 0 : solveI.hvpCount(), solveII == null ? 0 : solveII.hvpCount(),
                update == null ? 0 : update.gradientEvaluations(),
                solveI == null ? Double.NaN : solveI.relativeResidual(), solveII == null ? Double.NaN : solveII.relativeResidual(),
                solveI == null ? Double.NaN : solveI.undampedResidual(), solveII == null ? Double.NaN : solveII.undampedResidual(),
                solveI == null ? Double.NaN : solveI.damping(), solveII == null ? Double.NaN : solveII.damping(),
                times.millisI(), times.millisII(), times.millisIII());
    }
}
