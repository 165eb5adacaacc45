package org.tapweight.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.DecompositionSolver;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tapweight.api.hypergrad.HypergradientStrategy;
import org.tapweight.api.hypergrad.SolveContext;
import org.tapweight.api.model.Noise;
import org.tapweight.api.model.PretrainingModel;
import org.tapweight.api.model.TaskModel;
import org.tapweight.api.weights.WeightMap;
import org.tapweight.core.config.Mode;
import org.tapweight.core.config.PluginRef;
import org.tapweight.core.config.RunConfig;
import org.tapweight.core.engine.HypergradientChain.Probe;
import org.tapweight.core.model.L2RegularisedPretrainingModel;
import org.tapweight.core.model.L2RegularisedTaskModel;
import org.tapweight.core.weights.SoftmaxWeightMap;

/**
 * Issue 11, must-show 5: with {@code levelI.l2} and {@code levelII.l2} the hypergradient is that of the
 * regularised tri-level problem. On a quadratic problem with closed forms, the chain on the
 * L2-decorated models (finite-difference or exact HVPs) matches the regularised closed form, and the
 * chain that does not see the regulariser (what decoupled weight decay amounts to) does not.
 */
class L2HypergradientTest {

    private static final WeightMap SOFTMAX = new SoftmaxWeightMap();
    private static final double[] LAMBDA = {0.3, -0.2, 0.5};
    private static final double L2_I = 0.5;
    private static final double L2_II = 0.7;

    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    /** 6 encoder + 3 level-I head + 2 task-head parameters; Hessian eigenvalues in [0.5, 2] before the l2 terms. */
    private static QuadraticTriLevelProblem regularised() {
        return QuadraticTriLevelProblem.random(7, 3, 6, 3, 2, 0.5, 0.5, 2.0).withL2(L2_I, L2_II);
    }

    /** The chain on the given level models, at the regularised problem's exact solutions theta*(lambda), omega*(theta*). */
    private static double[] chain(QuadraticTriLevelProblem q, PretrainingModel pre, TaskModel task, HypergradientStrategy s) {
        RealVector theta = q.thetaStar(SOFTMAX.weights(LAMBDA));
        RealVector omega = q.omegaStar(theta);
        return new HypergradientChain(pre, task, SOFTMAX, s, s, 1e-3).compute(new HypergradientChain.Point(LAMBDA, QuadraticTriLevelProblem.nd(theta), QuadraticTriLevelProblem.nd(omega), q.gamma,
                new Probe(0, Noise.of(1)), new Probe(0, Noise.of(2)), -1), HypergradientChain.Solves.cold(SolveContext.NONE, SolveContext.NONE)).hypergradient();
    }

    private static double cosine(double[] x, double[] y) {
        double xy = 0;
        double xx = 0;
        double yy = 0;
        for (int i = 0; i < x.length; i++) {
            xy += x[i] * y[i];
            xx += x[i] * x[i];
            yy += y[i] * y[i];
        }
        return xy / Math.sqrt(xx * yy);
    }

    @Test
    void theRegularisedClosedFormAgreesWithFiniteDifferencesOfTheWholeSolution() {
        QuadraticTriLevelProblem q = regularised();
        double[] analytic = q.analyticHypergradient(SOFTMAX, LAMBDA);
        double[] fd = q.finiteDifferenceHypergradient(SOFTMAX, LAMBDA, 1e-5);
        double err = HypergradientAccuracyTest.relativeError(fd, analytic);
        System.out.println("regularised closed form vs finite differences of the whole solution: relative error " + err);
        assertThat(err).isLessThan(1e-7);
        // The regularisers change the answer: the unregularised problem's hypergradient is another one.
        double[] plain = QuadraticTriLevelProblem.random(7, 3, 6, 3, 2, 0.5, 0.5, 2.0).analyticHypergradient(SOFTMAX, LAMBDA);
        assertThat(HypergradientAccuracyTest.relativeError(plain, analytic)).isGreaterThan(0.1);
    }

    @Test
    void exactOnTheDecoratedModelsMatchesTheRegularisedHypergradient() {
        QuadraticTriLevelProblem q = regularised();
        double err = HypergradientAccuracyTest.relativeError(chain(q,
                L2RegularisedPretrainingModel.of(q.pretrainingModel(), L2_I), L2RegularisedTaskModel.of(q.taskModel(), L2_II),
                HypergradientAccuracyTest.strategy("exact", Map.of())), q.analyticHypergradient(SOFTMAX, LAMBDA));
        System.out.println("exact strategy, finite-difference HVPs of the decorated models: relative error " + err);
        assertThat(err).isLessThan(1e-6);
    }

    @Test
    void cgWithAsManyIterationsAsDimensionsOnTheDecoratedModelsMatchesTo1e6() {
        QuadraticTriLevelProblem q = regularised();
        HypergradientStrategy cg = HypergradientAccuracyTest.strategy("cg", Map.of("iterations", q.e + q.h1, "tolerance", 0.0));
        double err = HypergradientAccuracyTest.relativeError(chain(q,
                L2RegularisedPretrainingModel.of(q.pretrainingModel(), L2_I), L2RegularisedTaskModel.of(q.taskModel(), L2_II),
                cg), q.analyticHypergradient(SOFTMAX, LAMBDA));
        System.out.println("cg with " + (q.e + q.h1) + " iterations, finite-difference HVPs: relative error " + err);
        assertThat(err).isLessThan(1e-6);
    }

    @Test
    void exactHessianProductsOfTheDecoratedModelsIncludeTheL2Term() {
        QuadraticTriLevelProblem q = regularised();
        HypergradientStrategy cg = HypergradientAccuracyTest.strategy("cg", Map.of("iterations", q.e + q.h1, "tolerance", 0.0));
        double err = HypergradientAccuracyTest.relativeError(chain(q,
                L2RegularisedPretrainingModel.of(q.pretrainingModelWithExactHessian(), L2_I),
                L2RegularisedTaskModel.of(q.taskModelWithExactHessian(), L2_II), cg), q.analyticHypergradient(SOFTMAX, LAMBDA));
        System.out.println("cg, the models' exact HVPs plus l2: relative error " + err);
        assertThat(err).isLessThan(1e-9);
    }

    /** The control: at the same (regularised) fixed points, a chain that does not see the regularisers is wrong. */
    @Test
    void aChainThatDoesNotSeeTheRegularisersIsWrong() {
        QuadraticTriLevelProblem q = regularised();
        double[] truth = q.analyticHypergradient(SOFTMAX, LAMBDA);
        double[] blind = chain(q, q.pretrainingModel(), q.taskModel(), HypergradientAccuracyTest.strategy("exact", Map.of()));
        double err = HypergradientAccuracyTest.relativeError(blind, truth);
        System.out.println("chain without the l2 terms at the regularised fixed points: relative error " + err
                + ", cosine " + cosine(blind, truth));
        assertThat(err).isGreaterThan(0.1);
        // Only level I regularised, or only level II: each decorator matters on its own.
        QuadraticTriLevelProblem onlyI = QuadraticTriLevelProblem.random(7, 3, 6, 3, 2, 0.5, 0.5, 2.0).withL2(L2_I, 0);
        double[] missingII = chain(onlyI, L2RegularisedPretrainingModel.of(onlyI.pretrainingModel(), L2_I),
                onlyI.taskModel(), HypergradientAccuracyTest.strategy("exact", Map.of()));
        assertThat(HypergradientAccuracyTest.relativeError(missingII, onlyI.analyticHypergradient(SOFTMAX, LAMBDA))).isLessThan(1e-6);
        assertThat(HypergradientAccuracyTest.relativeError(missingII, truth)).isGreaterThan(0.01);
    }

    /**
     * End to end through the engine: levels I and II run to their fixed points at the initial weights
     * (level III only at the last of 300 outer steps), and the engine's hypergradient there is the
     * regularised problem's. The same run without l2 in the config gives the unregularised one.
     */
    @Test
    void theEngineAppliesTheConfiguredL2ToItsStepsAndItsHypergradient() {
        QuadraticTriLevelProblem plain = QuadraticTriLevelProblem.helpfulHarmful(5, 6, 2, 1.0);
        QuadraticTriLevelProblem q = new QuadraticTriLevelProblem(plain.e, plain.h1, plain.h2, plain.gamma, plain.a,
                plain.c, plain.b, plain.bCentre, plain.cVal, plain.dVal, L2_I, L2_II);
        int steps = 300;
        RunConfig c = HelpfulHarmfulTest.config(Mode.TAPWEIGHT, PluginRef.of("exact"));
        c.outerSteps = steps;
        c.levelIII.interval = steps;
        c.levelI.l2 = L2_I;
        c.levelII.l2 = L2_II;
        TriLevelEngine e = HelpfulHarmfulTest.engine(plain, c); // the engine adds the l2 terms to the plain models
        double[] lambda0 = e.state().lambda.clone();
        double[] w0 = SOFTMAX.weights(lambda0);
        StepResult[] last = new StepResult[1];
        INDArray[] at = new INDArray[2];
        e.setLevelThreeObserver((s, l, theta, omega, pI, pII, v, r) -> {
            at[0] = theta.dup();
            at[1] = omega.dup();
        });
        e.run((r, en) -> last[0] = r);
        RealVector thetaStar = q.thetaStar(w0);
        RealVector omegaStar = q.omegaStar(thetaStar);
        double thetaErr = at[0].sub(QuadraticTriLevelProblem.nd(thetaStar)).norm2Number().doubleValue();
        double omegaErr = at[1].sub(QuadraticTriLevelProblem.nd(omegaStar)).norm2Number().doubleValue();
        double err = HypergradientAccuracyTest.relativeError(last[0].hypergradient(), q.analyticHypergradient(SOFTMAX, lambda0));
        System.out.printf("engine with l2: |theta - theta*| %.2e, |omega - omega*| %.2e, hypergradient relative error %.2e%n",
                thetaErr, omegaErr, err);
        assertThat(thetaErr).isLessThan(1e-8);
        assertThat(omegaErr).isLessThan(1e-8);
        assertThat(err).isLessThan(1e-6);
        // Control: the fixed point and hypergradient differ from the unregularised problem's.
        assertThat(HypergradientAccuracyTest.relativeError(last[0].hypergradient(), plain.analyticHypergradient(SOFTMAX, lambda0)))
                .isGreaterThan(0.01);
        assertThat(at[0].sub(QuadraticTriLevelProblem.nd(plain.thetaStar(w0))).norm2Number().doubleValue()).isGreaterThan(0.01);
    }

    /** BILEVEL's joint fixed point phi* and the closed-form hypergradient there, for the given l2 terms. */
    private static double[][] bilevelClosedForm(QuadraticTriLevelProblem q, double[] lambda, double l2I, double l2II) {
        double[] w = SOFTMAX.weights(lambda);
        int n = q.e + q.h2;
        RealMatrix h = q.b.copy();
        RealVector rhs = q.b.operate(q.bCentre);
        RealMatrix hI = q.objectiveHessian(w);
        RealVector rhsI = new ArrayRealVector(q.e);
        for (int k = 0; k < q.k(); k++) {
            rhsI = rhsI.add(q.a[k].operate(q.c[k]).mapMultiply(w[k]));
        }
        for (int i = 0; i < n; i++) {
            h.addToEntry(i, i, l2II);
        }
        for (int i = 0; i < q.e; i++) {
            for (int j = 0; j < q.e; j++) {
                h.addToEntry(i, j, hI.getEntry(i, j));
            }
            h.addToEntry(i, i, l2I);
            rhs.addToEntry(i, rhsI.getEntry(i));
        }
        DecompositionSolver solver = new LUDecomposition(h).getSolver();
        RealVector phi = solver.solve(rhs);
        RealVector z = solver.solve(q.cVal.operate(phi.subtract(q.dVal))).getSubVector(0, q.e);
        RealVector enc = phi.getSubVector(0, q.e);
        double[] dw = new double[q.k()];
        for (int k = 0; k < q.k(); k++) {
            dw[k] = -z.dotProduct(q.a[k].operate(enc.subtract(q.c[k])));
        }
        return new double[][] {phi.toArray(), SOFTMAX.vectorJacobianProduct(lambda, dw)};
    }

    /**
     * BILEVEL: one model phi = [encoder | task head] on {@code sum_k w_k L_k + l2I/2 ||enc||^2 + L_task + l2II/2 ||phi||^2}
     * (the encoder carries both terms). Run to its fixed point at the initial weights (level III only
     * at the last of 300 steps), the engine's phi and hypergradient match the closed form.
     */
    @Test
    void bilevelsJointModelCarriesBothTermsAndItsHypergradientIsTheRegularisedOne() {
        QuadraticTriLevelProblem q = QuadraticTriLevelProblem.helpfulHarmful(5, 6, 2, 1.0); // no level-I heads
        int steps = 300;
        RunConfig c = HelpfulHarmfulTest.config(Mode.BILEVEL, PluginRef.of("exact"));
        c.outerSteps = steps;
        c.levelIII.interval = steps;
        c.levelI.l2 = L2_I;
        c.levelII.l2 = L2_II;
        TriLevelEngine e = HelpfulHarmfulTest.engine(q, c);
        double[] lambda0 = e.state().lambda.clone();
        StepResult[] last = new StepResult[1];
        e.run((r, en) -> last[0] = r);
        // Level III ran after the last level-I step and does not move phi: the final phi is where it was computed.
        INDArray phi = e.state().theta;
        double[][] truth = bilevelClosedForm(q, lambda0, L2_I, L2_II);
        double phiErr = phi.sub(Nd4j.createFromArray(truth[0])).norm2Number().doubleValue();
        double err = HypergradientAccuracyTest.relativeError(last[0].hypergradient(), truth[1]);
        System.out.printf("bilevel with l2: |phi - phi*| %.2e, hypergradient relative error %.2e%n", phiErr, err);
        assertThat(phiErr).isLessThan(1e-8);
        assertThat(err).isLessThan(1e-6);
        // Control: without the l2 terms the joint problem has another solution and hypergradient.
        double[][] plain = bilevelClosedForm(q, lambda0, 0, 0);
        assertThat(phi.sub(Nd4j.createFromArray(plain[0])).norm2Number().doubleValue()).isGreaterThan(0.01);
        assertThat(HypergradientAccuracyTest.relativeError(last[0].hypergradient(), plain[1])).isGreaterThan(0.01);
    }
}
