package org.tapweight.bench.response;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.tapweight.nn.Seeds;

/**
 * The unit directions of a response test: each strategy's hypergradient (normalised; strategies
 * whose hypergradients coincide to 1e-9 share one direction), the K coordinate directions, and
 * seeded Gaussian ones. When the weight map is shift-invariant (softmax: w(lambda + c 1) = w(lambda))
 * a direction's component along (1, ..., 1) changes nothing, so random directions are projected
 * onto the sum-zero subspace before normalising; coordinate directions are kept as they are (their
 * effective length is then sqrt(1 - 1/K)), and hypergradients of softmax are already sum-zero.
 */
final class Directions {

    private Directions() {
    }

    static List<Direction> build(List<Prediction> predictions, List<String> objectives, boolean coordinates, int randomCount,
                                 long seed, boolean shiftInvariant) {
        int k = objectives.size();
        List<Direction> out = new ArrayList<>();
        for (int i = 0; i < predictions.size(); i++) {
            double[] u = Direction.unit(predictions.get(i).hypergradient());
            if (u == null) {
                continue; // a zero hypergradient gives no direction
            }
            Direction same = null;
            for (Direction d : out) {
                if (Direction.dot(d.d(), u) > 1 - 1e-9) {
                    same = d;
                }
            }
            if (same != null) {
                out.set(out.indexOf(same), new Direction(same.id(), same.kind(), same.note() + " = " + predictions.get(i).label(), same.d()));
            } else {
                out.add(new Direction("h" + (i + 1), "hypergradient", predictions.get(i).label(), u));
            }
        }
        for (int j = 0; j < (coordinates ? k : 0); j++) {
            double[] e = new double[k];
            e[j] = 1;
            out.add(new Direction("e-" + objectives.get(j).replace(',', '_'), "coordinate", "lambda_" + objectives.get(j), e));
        }
        int r = randomCount >= 0 ? randomCount : Math.max(0, ResponseSettings.DEFAULT_TOTAL_DIRECTIONS - out.size());
        int made = 0;
        for (int attempt = 0; made < r; attempt++) {
            Random rnd = new Random(Seeds.derive(seed, "response-direction", attempt));
            double[] g = new double[k];
            for (int j = 0; j < k; j++) {
                g[j] = rnd.nextGaussian();
            }
            if (shiftInvariant) {
                double mean = 0;
                for (double x : g) {
                    mean += x / k;
                }
                for (int j = 0; j < k; j++) {
                    g[j] -= mean;
                }
            }
            double[] u = Direction.unit(g);
            if (u == null) {
                if (attempt > 1000 + r) {
                    throw new IllegalStateException("cannot draw random directions in dimension " + k);
                }
                continue;
            }
            made++;
            out.add(new Direction("r" + made, "random", shiftInvariant ? "Gaussian, projected to sum zero" : "Gaussian", u));
        }
        return out;
    }
}
