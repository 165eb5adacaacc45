package org.tapweight.hypergrad;

import java.util.List;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.linear.SingularMatrixException;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tapweight.api.hypergrad.HessianVectorProduct;
import org.tapweight.api.hypergrad.HypergradientStrategy;
import org.tapweight.api.hypergrad.HypergradientStrategyProvider;
import org.tapweight.api.hypergrad.Solution;
import org.tapweight.api.hypergrad.SolveContext;
import org.tapweight.api.plugin.ConfigurationException;
import org.tapweight.api.plugin.SettingSpec;
import org.tapweight.api.plugin.Settings;

/**
 * Dense solve: builds H column by column from n HVPs with unit vectors, symmetrises it and solves
 * {@code (H + delta I) x = v} by LU decomposition in double. For tests and tiny problems only; it
 * refuses problems above {@code maxDimension}.
 */
public final class ExactStrategy implements HypergradientStrategy {

    private final int maxDimension;
    private final double damping;

    public ExactStrategy(int maxDimension, double damping) {
        this.maxDimension = maxDimension;
        this.damping = damping;
    }

    @Override
    public Solution solve(HessianVectorProduct hessian, INDArray v, INDArray warmStart, SolveContext context) {
        int n = hessian.dimension();
        if (n > maxDimension) {
            throw new ConfigurationException("strategy 'exact' builds a dense " + n + " x " + n
                    + " Hessian, above its setting maxDimension=" + maxDimension + "; use 'cg' for problems this size");
        }
        RealMatrix h = new Array2DRowRealMatrix(n, n);
        INDArray unit = Nd4j.zeros(v.dataType(), n);
        INDArray column = Nd4j.zeros(v.dataType(), n);
        for (int j = 0; j < n; j++) {
            unit.putScalar(j, 1.0);
            hessian.apply(unit, column);
            unit.putScalar(j, 0.0);
            for (int i = 0; i < n; i++) {
                h.setEntry(i, j, column.getDouble(i));
            }
        }
        RealMatrix symmetric = h.add(h.transpose()).scalarMultiply(0.5);
        for (int i = 0; i < n; i++) {
            symmetric.addToEntry(i, i, damping);
        }
        RealVector rhs = new ArrayRealVector(v.toDoubleVector());
        try {
            RealVector x = new LUDecomposition(symmetric).getSolver().solve(rhs);
            INDArray out = Nd4j.createFromArray(x.toArray()).castTo(v.dataType());
            // The dense solve is exact for the damped system; v - H x = damping x.
            double undamped = damping * x.getNorm() / rhs.getNorm();
            return new Solution(out, n, 0, 0.0, damping == 0.0 || rhs.getNorm() == 0.0 ? 0.0 : undamped, damping);
        } catch (SingularMatrixException e) {
            throw new IllegalStateException("strategy 'exact': the Hessian is singular; add damping", e);
        }
    }

    /** Service provider for id {@code exact}. */
    public static final class Provider implements HypergradientStrategyProvider {
        @Override
        public String id() {
            return "exact";
        }

        @Override
        public String description() {
            return "dense Hessian from n HVPs and an LU solve; tests and tiny problems only";
        }

        @Override
        public List<SettingSpec> settings() {
            return List.of(
                    SettingSpec.ofInt("maxDimension", 2000, "refuse problems with more parameters than this"),
                    SettingSpec.ofDouble("damping", 0.0, "Tikhonov damping delta added to the Hessian"));
        }

        @Override
        public HypergradientStrategy create(Settings settings) {
            int max = settings.getInt("maxDimension");
            if (max < 1) {
                throw new ConfigurationException(settings.owner() + ": setting 'maxDimension' must be >= 1, got " + max);
            }
            return new ExactStrategy(max, settings.requireNonNegative("damping", true));
        }
    }
}
