package org.tapweight.bench.response;

import java.util.List;

/** One direction's responses over batch seeds (one epsilon): mean, SD, SE. */
record DirectionStats(Direction direction, double[] responses) {

    int n() {
        return responses.length;
    }

    double mean() {
        double s = 0;
        for (double r : responses) {
            s += r;
        }
        return s / responses.length;
    }

    /** Sample SD (n - 1), NaN for one seed. */
    double sd() {
        if (responses.length < 2) {
            return Double.NaN;
        }
        double m = mean();
        double s = 0;
        for (double r : responses) {
            s += (r - m) * (r - m);
        }
        return Math.sqrt(s / (responses.length - 1));
    }

    double se() {
        return sd() / Math.sqrt(responses.length);
    }

    /** |mean| > 2 SE (never with fewer than two seeds). */
    boolean significant() {
        return n() >= 2 && Math.abs(mean()) > 2 * se();
    }

    /** The mean of the responses other than {@code i}. */
    double meanWithout(int i) {
        double s = 0;
        for (int j = 0; j < responses.length; j++) {
            if (j != i) {
                s += responses[j];
            }
        }
        return s / (responses.length - 1);
    }

    static boolean sameSign(double a, double b) {
        return a != 0 && b != 0 && Math.signum(a) == Math.signum(b);
    }

    /** Rows of one epsilon, in the order of the directions, each with the responses of every given seed. */
    static DirectionStats of(Direction d, List<ResponseRow> rows, double epsilon, List<Long> seeds) {
        double[] r = rows.stream().filter(x -> x.direction().equals(d.id()) && x.epsilon() == epsilon && seeds.contains(x.batchSeed()))
                .mapToDouble(ResponseRow::response).toArray();
        return new DirectionStats(d, r);
    }
}
