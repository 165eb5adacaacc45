package org.tapweight.hypergrad;

import org.tapweight.nn.Vectors;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tapweight.api.hypergrad.HessianVectorProduct;
import org.tapweight.api.hypergrad.Solution;
import org.tapweight.api.hypergrad.SolveContext;

/** Neumann's safeguards: a divergent series stops at its best iterate; a useless warm start is dropped. */
class NeumannSafeguardTest {

    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    static HessianVectorProduct diagonal(double... d) {
        INDArray diag = Nd4j.createFromArray(d);
        return new HessianVectorProduct() {
            @Override
            public int dimension() {
                return d.length;
            }

            @Override
            public void apply(INDArray v, INDArray out) {
                out.assign(v.mul(diag));
            }
        };
    }

    @Test
    void aDivergentSeriesReturnsItsBestIterateAndStaysBoundedOverWarmStarts() {
        // alpha 0.1 with an eigenvalue of 50: |1 - alpha lambda| = 4, the plain series grows 4x per term.
        HessianVectorProduct h = diagonal(1.0, 50.0);
        INDArray v = Nd4j.createFromArray(1.0, 1.0);
        NeumannStrategy neumann = new NeumannStrategy(5, 0.1);
        INDArray warm = null;
        for (int outer = 0; outer < 20; outer++) {
            Solution s = neumann.solve(h, v, warm, SolveContext.NONE);
            assertThat(s.relativeResidual()).isFinite(); // the best iterate seen, at worst the first term alpha v
            assertThat(Vectors.norm(s.x())).isLessThan(10.0);
            warm = s.x();
        }
    }

    @Test
    void aConvergentSeriesIsUnchangedByTheSafeguards() {
        HessianVectorProduct h = diagonal(1.0, 2.0);
        INDArray v = Nd4j.createFromArray(1.0, 1.0);
        Solution s = new NeumannStrategy(3, 0.3).solve(h, v, null, SolveContext.NONE);
        // alpha sum_{j=0..3} (1 - alpha d)^j for d = 1 and d = 2
        double a = 0.3 * (1 + 0.7 + 0.49 + 0.343);
        double b = 0.3 * (1 + 0.4 + 0.16 + 0.064);
        assertThat(s.x().getDouble(0)).isCloseTo(a, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(s.x().getDouble(1)).isCloseTo(b, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(Double.isNaN(s.relativeResidual())).isTrue();
    }

    @Test
    void aWarmStartWorseThanZeroIsDropped() {
        HessianVectorProduct h = diagonal(1.0, 2.0);
        INDArray v = Nd4j.createFromArray(1.0, 1.0);
        Solution fresh = new NeumannStrategy(4, 0.3).solve(h, v, null, SolveContext.NONE);
        Solution fromBad = new NeumannStrategy(4, 0.3).solve(h, v, Nd4j.createFromArray(100.0, -100.0), SolveContext.NONE);
        // The bad start costs one product, then the series restarts: 3 terms instead of 4.
        Solution three = new NeumannStrategy(3, 0.3).solve(h, v, null, SolveContext.NONE);
        assertThat(fromBad.x().equalsWithEps(three.x(), 1e-12)).isTrue();
        assertThat(fromBad.hvpCount()).isEqualTo(4);
        assertThat(fresh.x().equalsWithEps(three.x(), 1e-12)).isFalse();
    }

    @Test
    void aNonFiniteProductIsAnErrorNotASilentZeroOrNull() {
        HessianVectorProduct nan = diagonal(Double.NaN, 1.0);
        INDArray v = Nd4j.createFromArray(1.0, 1.0);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new NeumannStrategy(3, 0.1).solve(nan, v, null, SolveContext.NONE))
                .isInstanceOf(ArithmeticException.class).hasMessageContaining("not finite");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ConjugateGradientStrategy(3, 0.0, 0.0)
                        .solve(nan, v, null, SolveContext.NONE))
                .isInstanceOf(ArithmeticException.class).hasMessageContaining("not finite");
    }
}
