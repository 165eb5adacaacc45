package org.tapweight.core.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tapweight.api.model.Noise;
import org.tapweight.api.model.ParameterLayout;
import org.tapweight.api.model.PretrainingModel;
import org.tapweight.api.model.Split;
import org.tapweight.api.model.TaskModel;
import org.tapweight.api.weights.WeightMap;

/**
 * A tri-level problem with quadratic losses, where theta*(w), omega*(theta) and the hypergradient
 * have closed forms:
 * <pre>
 * L_k(theta)      = 1/2 (theta - c_k)^T A_k (theta - c_k)        theta = [encoder e | heads h1]
 * L_task(omega)   = 1/2 (omega - b)^T B (omega - b)              omega = [encoder e | head h2]
 * L_val(omega)    = 1/2 (omega - d)^T C (omega - d)
 * theta*          = (sum w_k A_k + l2I I)^-1 sum w_k A_k c_k
 * omega*          = (B + l2II I + 2 gamma P)^-1 (B b + 2 gamma E theta*)     P: encoder projector, E: embeds theta_enc
 * dL/dw_k         = -(C(omega* - d))^T (B + l2II I + 2 gamma P)^-1 2 gamma E H_I^-1 A_k (theta* - c_k)
 * H_I             = sum w_k A_k + l2I I
 * </pre>
 * with optional L2 regularisers: level I minimises {@code sum_k w_k L_k + l2I/2 ||theta||^2}, level II
 * {@code L_task + l2II/2 ||omega||^2 + gamma ||omega_enc - theta_enc||^2} (both 0 unless {@link #withL2}).
 * The models of {@link #pretrainingModel()} and {@link #taskModel()} are always the unregularised
 * losses: in a run the regularisers are added by the engine's L2 decorators.
 */
final class QuadraticTriLevelProblem {

    final int e;
    final int h1;
    final int h2;
    final double gamma;
    final RealMatrix[] a;
    final RealVector[] c;
    final RealMatrix b;
    final RealVector bCentre;
    final RealMatrix cVal;
    final RealVector dVal;
    final double l2I;
    final double l2II;

    QuadraticTriLevelProblem(int e, int h1, int h2, double gamma, RealMatrix[] a, RealVector[] c, RealMatrix b,
                             RealVector bCentre, RealMatrix cVal, RealVector dVal) {
        this(e, h1, h2, gamma, a, c, b, bCentre, cVal, dVal, 0.0, 0.0);
    }

    QuadraticTriLevelProblem(int e, int h1, int h2, double gamma, RealMatrix[] a, RealVector[] c, RealMatrix b,
                             RealVector bCentre, RealMatrix cVal, RealVector dVal, double l2I, double l2II) {
        this.l2I = l2I;
        this.l2II = l2II;
        this.e = e;
        this.h1 = h1;
        this.h2 = h2;
        this.gamma = gamma;
        this.a = a;
        this.c = c;
        this.b = b;
        this.bCentre = bCentre;
        this.cVal = cVal;
        this.dVal = dVal;
    }

    /** Random SPD matrices with eigenvalues in [lo, hi]. */
    static QuadraticTriLevelProblem random(long seed, int k, int e, int h1, int h2, double gamma, double lo, double hi) {
        Random rnd = new Random(seed);
        RealMatrix[] a = new RealMatrix[k];
        RealVector[] c = new RealVector[k];
        for (int i = 0; i < k; i++) {
            a[i] = spd(rnd, e + h1, lo, hi);
            c[i] = vector(rnd, e + h1);
        }
        return new QuadraticTriLevelProblem(e, h1, h2, gamma, a, c, spd(rnd, e + h2, lo, hi), vector(rnd, e + h2),
                spd(rnd, e + h2, lo, hi), vector(rnd, e + h2));
    }

    /**
     * Two objectives over an encoder of {@code e} parameters (no level-I heads): 'helpful' has its
     * optimum at the encoder the validation loss wants, 'harmful' at a point 2 units away. The task's
     * training loss constrains the encoder only weakly (B scaled by 0.1), so level II relies on the
     * proximal pull towards theta, and the validation loss depends on which objective theta follows.
     */
    static QuadraticTriLevelProblem helpfulHarmful(long seed, int e, int h2, double gamma) {
        Random rnd = new Random(seed);
        RealVector target = vector(rnd, e + h2);
        RealVector encoderTarget = target.getSubVector(0, e);
        RealVector away = vector(rnd, e);
        away = away.mapMultiply(2.0 / away.getNorm());
        RealMatrix[] a = {spd(rnd, e, 0.5, 2.0), spd(rnd, e, 0.5, 2.0)};
        RealVector[] c = {encoderTarget, encoderTarget.add(away)};
        RealVector trainCentre = target.add(vector(rnd, e + h2).mapMultiply(0.3));
        return new QuadraticTriLevelProblem(e, 0, h2, gamma, a, c, spd(rnd, e + h2, 0.5, 2.0).scalarMultiply(0.1),
                trainCentre, spd(rnd, e + h2, 0.5, 2.0), target);
    }

    static RealMatrix spd(Random rnd, int n, double lo, double hi) {
        RealMatrix g = new Array2DRowRealMatrix(n, n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                g.setEntry(i, j, rnd.nextGaussian());
            }
        }
        RealMatrix q = new QRDecomposition(g).getQ();
        RealMatrix d = new Array2DRowRealMatrix(n, n);
        for (int i = 0; i < n; i++) {
            d.setEntry(i, i, n == 1 ? hi : lo + (hi - lo) * i / (n - 1.0));
        }
        return q.multiply(d).multiply(q.transpose());
    }

    static RealVector vector(Random rnd, int n) {
        RealVector v = new ArrayRealVector(n);
        for (int i = 0; i < n; i++) {
            v.setEntry(i, rnd.nextGaussian());
        }
        return v;
    }

    /** The same problem with L2 regularisers of coefficients {@code l2I} (level I) and {@code l2II} (level II's training loss). */
    QuadraticTriLevelProblem withL2(double l2I, double l2II) {
        return new QuadraticTriLevelProblem(e, h1, h2, gamma, a, c, b, bCentre, cVal, dVal, l2I, l2II);
    }

    int k() {
        return a.length;
    }

    /** The Hessian of the weighted objectives alone, {@code sum_k w_k A_k}. */
    RealMatrix objectiveHessian(double[] w) {
        RealMatrix h = new Array2DRowRealMatrix(e + h1, e + h1);
        for (int i = 0; i < k(); i++) {
            h = h.add(a[i].scalarMultiply(w[i]));
        }
        return h;
    }

    /** Level I's Hessian, {@code sum_k w_k A_k + l2I I}. */
    RealMatrix hessianI(double[] w) {
        RealMatrix h = objectiveHessian(w);
        for (int i = 0; i < e + h1; i++) {
            h.addToEntry(i, i, l2I);
        }
        return h;
    }

    RealVector thetaStar(double[] w) {
        RealVector rhs = new ArrayRealVector(e + h1);
        for (int i = 0; i < k(); i++) {
            rhs = rhs.add(a[i].operate(c[i]).mapMultiply(w[i]));
        }
        return new LUDecomposition(hessianI(w)).getSolver().solve(rhs);
    }

    /** Level II's Hessian, {@code B + l2II I + 2 gamma P}. */
    RealMatrix hessianII() {
        RealMatrix m = b.copy();
        for (int i = 0; i < e + h2; i++) {
            m.addToEntry(i, i, l2II);
        }
        for (int i = 0; i < e; i++) {
            m.addToEntry(i, i, 2 * gamma);
        }
        return m;
    }

    RealVector omegaStar(RealVector theta) {
        RealVector rhs = b.operate(bCentre);
        for (int i = 0; i < e; i++) {
            rhs.addToEntry(i, 2 * gamma * theta.getEntry(i));
        }
        return new LUDecomposition(hessianII()).getSolver().solve(rhs);
    }

    double validationLoss(RealVector omega) {
        RealVector r = omega.subtract(dVal);
        return 0.5 * r.dotProduct(cVal.operate(r));
    }

    /** The closed-form d L_val(omega*(theta*(lambda))) / d lambda. */
    double[] analyticHypergradient(WeightMap map, double[] lambda) {
        double[] w = map.weights(lambda);
        RealVector theta = thetaStar(w);
        RealVector omega = omegaStar(theta);
        RealVector v = cVal.operate(omega.subtract(dVal));
        RealVector y = new LUDecomposition(hessianII()).getSolver().solve(v);
        RealVector u = new ArrayRealVector(e + h1);
        for (int i = 0; i < e; i++) {
            u.setEntry(i, 2 * gamma * y.getEntry(i));
        }
        RealVector z = new LUDecomposition(hessianI(w)).getSolver().solve(u);
        double[] dw = new double[k()];
        for (int i = 0; i < k(); i++) {
            dw[i] = -z.dotProduct(a[i].operate(theta.subtract(c[i])));
        }
        return map.vectorJacobianProduct(lambda, dw);
    }

    /** d L_val / d lambda by central differences of the whole tri-level solution: an independent check. */
    double[] finiteDifferenceHypergradient(WeightMap map, double[] lambda, double h) {
        double[] g = new double[lambda.length];
        for (int i = 0; i < lambda.length; i++) {
            double[] p = lambda.clone();
            p[i] += h;
            double[] m = lambda.clone();
            m[i] -= h;
            g[i] = (validationLoss(omegaStar(thetaStar(map.weights(p)))) - validationLoss(omegaStar(thetaStar(map.weights(m))))) / (2 * h);
        }
        return g;
    }

    static INDArray nd(RealVector v) {
        return Nd4j.createFromArray(v.toArray());
    }

    /** The same models, offering exact Hessian-vector products (the quadratics' matrices, without l2I). */
    PretrainingModel pretrainingModelWithExactHessian() {
        PretrainingModel base = pretrainingModel();
        return new PretrainingModel() {
            @Override
            public ParameterLayout layout() {
                return base.layout();
            }

            @Override
            public List<String> objectiveIds() {
                return base.objectiveIds();
            }

            @Override
            public void initialize(INDArray params, long seed) {
                base.initialize(params, seed);
            }

            @Override
            public double[] evaluate(INDArray params, long batchIndex, Noise noise, double[] c, INDArray gradOut) {
                return base.evaluate(params, batchIndex, noise, c, gradOut);
            }

            @Override
            public org.tapweight.api.hypergrad.HessianVectorProduct exactHessian(INDArray params, long batchIndex,
                                                                                 Noise noise, double[] coefficients) {
                INDArray h = Nd4j.createFromArray(objectiveHessian(coefficients).getData());
                return matrixProduct(h);
            }
        };
    }

    /** The task model, offering exact Hessian-vector products (B on the training split, C otherwise; without l2II). */
    TaskModel taskModelWithExactHessian() {
        TaskModel base = taskModel();
        INDArray bm = Nd4j.createFromArray(b.getData());
        INDArray cm = Nd4j.createFromArray(cVal.getData());
        return new TaskModel() {
            @Override
            public ParameterLayout layout() {
                return base.layout();
            }

            @Override
            public void initialize(INDArray params, long seed) {
                base.initialize(params, seed);
            }

            @Override
            public double evaluate(INDArray params, Split split, long batchIndex, Noise noise, INDArray gradOut) {
                return base.evaluate(params, split, batchIndex, noise, gradOut);
            }

            @Override
            public org.tapweight.api.hypergrad.HessianVectorProduct exactHessian(INDArray params, Split split,
                                                                                 long batchIndex, Noise noise) {
                return matrixProduct(split == Split.TRAIN ? bm : cm);
            }

            @Override
            public Map<String, Double> metrics(INDArray params, Split split) {
                return base.metrics(params, split);
            }

            @Override
            public String primaryMetric() {
                return base.primaryMetric();
            }

            @Override
            public boolean higherIsBetter() {
                return base.higherIsBetter();
            }
        };
    }

    static org.tapweight.api.hypergrad.HessianVectorProduct matrixProduct(INDArray h) {
        return new org.tapweight.api.hypergrad.HessianVectorProduct() {
            @Override
            public int dimension() {
                return h.rows();
            }

            @Override
            public void apply(INDArray v, INDArray out) {
                out.assign(h.mmul(v.reshape(v.length(), 1)).reshape(v.length()));
            }
        };
    }

    PretrainingModel pretrainingModel() {
        List<String> ids = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        for (int i = 0; i < k(); i++) {
            ids.add("q" + i);
            sizes.add(i == 0 ? h1 : 0);
        }
        if (k() == 2 && h1 == 0) {
            ids.set(0, "helpful");
            ids.set(1, "harmful");
        }
        ParameterLayout layout = ParameterLayout.of(e, ids, sizes);
        INDArray[] am = new INDArray[k()];
        INDArray[] cm = new INDArray[k()];
        for (int i = 0; i < k(); i++) {
            am[i] = Nd4j.createFromArray(a[i].getData());
            cm[i] = nd(c[i]);
        }
        return new PretrainingModel() {
            @Override
            public ParameterLayout layout() {
                return layout;
            }

            @Override
            public List<String> objectiveIds() {
                return ids;
            }

            @Override
            public void initialize(INDArray params, long seed) {
                Random r = new Random(seed);
                for (long i = 0; i < params.length(); i++) {
                    params.putScalar(i, r.nextDouble() - 0.5);
                }
            }

            @Override
            public double[] evaluate(INDArray params, long batchIndex, Noise noise, double[] coeff, INDArray gradOut) {
                double[] losses = new double[k()];
                if (gradOut != null) {
                    gradOut.assign(0);
                }
                for (int i = 0; i < k(); i++) {
                    INDArray r = params.sub(cm[i]);
                    INDArray ar = am[i].mmul(r.reshape(r.length(), 1)).reshape(r.length());
                    losses[i] = 0.5 * r.mul(ar).sumNumber().doubleValue();
                    if (gradOut != null) {
                        gradOut.addi(ar.muli(coeff[i]));
                    }
                }
                return losses;
            }
        };
    }

    TaskModel taskModel() {
        ParameterLayout layout = ParameterLayout.of(e, List.of("task"), List.of(h2));
        INDArray bm = Nd4j.createFromArray(b.getData());
        INDArray bc = nd(bCentre);
        INDArray cm = Nd4j.createFromArray(cVal.getData());
        INDArray dv = nd(dVal);
        return new TaskModel() {
            @Override
            public ParameterLayout layout() {
                return layout;
            }

            @Override
            public void initialize(INDArray params, long seed) {
                params.assign(0.0);
            }

            @Override
            public double evaluate(INDArray params, Split split, long batchIndex, Noise noise, INDArray gradOut) {
                INDArray m = split == Split.TRAIN ? bm : cm;
                INDArray r = params.sub(split == Split.TRAIN ? bc : dv);
                INDArray mr = m.mmul(r.reshape(r.length(), 1)).reshape(r.length());
                if (gradOut != null) {
                    gradOut.assign(mr);
                }
                return 0.5 * r.mul(mr).sumNumber().doubleValue();
            }

            @Override
            public Map<String, Double> metrics(INDArray params, Split split) {
                return Map.of("loss", evaluate(params, split, WHOLE_SPLIT, Noise.NONE, null));
            }

            @Override
            public String primaryMetric() {
                return "loss";
            }

            @Override
            public boolean higherIsBetter() {
                return false;
            }
        };
    }
}
