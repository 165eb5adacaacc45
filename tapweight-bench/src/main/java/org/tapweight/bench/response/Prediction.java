package org.tapweight.bench.response;

/**
 * One strategy's hypergradient at S0 and what it cost. Cost in gradient-equivalents counts a
 * gradient evaluation (the whole-split validation gradient included) as 1 and a loss evaluation
 * (a forward pass only: the two passes of the directional derivatives) as 1/3, taking a backward
 * pass to cost about two forward passes.
 */
record Prediction(String label, double[] hypergradient, double millis, int gradientEvaluations, int lossEvaluations,
                  int hvpsI, int hvpsII, double residualI, double residualII, double validationLoss) {

    static final double LOSS_EVALUATION_COST = 1.0 / 3.0;

    double gradientEquivalents() {
        return gradientEvaluations + LOSS_EVALUATION_COST * lossEvaluations;
    }
}
