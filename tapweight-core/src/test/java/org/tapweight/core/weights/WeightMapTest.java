package org.tapweight.core.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;
import org.tapweight.api.weights.WeightMap;

/** The weight maps' values and their vector-Jacobian products against finite differences. */
class WeightMapTest {

    static void checkVjp(WeightMap map, double[] lambda, double[] g) {
        double[] vjp = map.vectorJacobianProduct(lambda, g);
        double h = 1e-6;
        for (int i = 0; i < lambda.length; i++) {
            double[] p = lambda.clone();
            p[i] += h;
            double[] m = lambda.clone();
            m[i] -= h;
            double[] wp = map.weights(p);
            double[] wm = map.weights(m);
            double numeric = 0;
            for (int k = 0; k < g.length; k++) {
                numeric += g[k] * (wp[k] - wm[k]) / (2 * h);
            }
            assertThat(vjp[i]).as("component %d", i).isCloseTo(numeric, offset(1e-8));
        }
    }

    @Test
    void softmaxStartsUniformSumsToOneAndHasTheRightJacobian() {
        SoftmaxWeightMap map = new SoftmaxWeightMap();
        assertThat(map.weights(map.initialLambda(4))).containsExactly(0.25, 0.25, 0.25, 0.25);
        double[] w = map.weights(new double[] {1.0, 2.0, 3.0});
        assertThat(w[0] + w[1] + w[2]).isCloseTo(1.0, offset(1e-15));
        // Hand-computed: exp(1,2,3) / sum = 0.0900306, 0.2447285, 0.6652410
        assertThat(w[0]).isCloseTo(0.09003057, offset(1e-8));
        assertThat(w[2]).isCloseTo(0.66524096, offset(1e-8));
        checkVjp(map, new double[] {0.3, -1.2, 2.0}, new double[] {1.5, -0.5, 0.25});
        // Large logits do not overflow.
        assertThat(map.weights(new double[] {1000, 0})).containsExactly(1.0, 0.0);
    }

    @Test
    void softplusStartsAtItsInitialWeightAndHasTheRightJacobian() {
        SoftplusWeightMap map = new SoftplusWeightMap(0.7);
        for (double w : map.weights(map.initialLambda(3))) {
            assertThat(w).isCloseTo(0.7, offset(1e-12));
        }
        assertThat(map.weights(new double[] {0.0})[0]).isCloseTo(Math.log(2), offset(1e-15));
        checkVjp(map, new double[] {0.3, -1.2, 2.0}, new double[] {1.5, -0.5, 0.25});
        assertThat(map.weights(new double[] {50})[0]).isEqualTo(50.0);
    }
}
