package org.tapweight.bench.harness;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.tapweight.bench.harness.BenchResults.Row;

/**
 * A random search over fixed weights, as a practitioner would run it: the cells {@code random-1 ..
 * random-N} of a (task, seed) are its candidates (TAP with flat-Dirichlet weights, see
 * {@link Method}), and {@code search-N} is the candidate with the best validation metric of the
 * evaluation at hand (each protocol picks by its own validation metric), with the candidates'
 * summed wall time as its cost. Rows for {@code N} = 2, 4, 8, ... and the largest {@code N} present
 * are added where every candidate up to {@code N} finished.
 */
final class RandomSearch {

    private RandomSearch() {
    }

    /** {@code rows} with the {@code search-N} rows added. */
    static List<Row> withSearchRows(List<Row> rows) {
        Map<String, Map<Long, Map<Integer, Row>>> candidates = new TreeMap<>();
        for (Row r : rows) {
            if (r.method().matches("random-[1-9][0-9]*")) {
                candidates.computeIfAbsent(r.task(), k -> new TreeMap<>()).computeIfAbsent(r.seed(), k -> new TreeMap<>())
                        .put(Integer.parseInt(r.method().substring("random-".length())), r);
            }
        }
        List<Row> out = new ArrayList<>(rows);
        candidates.forEach((task, bySeed) -> bySeed.forEach((seed, byIndex) -> {
            for (int n : sizes(byIndex)) {
                Row best = pick(byIndex, n);
                if (best != null) {
                    double seconds = 0;
                    for (int i = 1; i <= n; i++) {
                        seconds += byIndex.get(i).seconds();
                    }
                    out.add(new Row(task, "search-" + n, seed, best.metric(), best.higherIsBetter(), best.test(),
                            best.validation(), best.testMetrics(), best.bestEpoch(), best.steps(), seconds, best.objectives(),
                            best.weights(), best.dir(), null));
                }
            }
        }));
        return out;
    }

    /** 2, 4, 8, ... up to the number of consecutive candidates present, and that number. */
    private static List<Integer> sizes(Map<Integer, Row> byIndex) {
        int present = 0;
        while (byIndex.containsKey(present + 1)) {
            present++;
        }
        List<Integer> sizes = new ArrayList<>();
        for (int n = 2; n <= present; n *= 2) {
            sizes.add(n);
        }
        if (present >= 2 && !sizes.contains(present)) {
            sizes.add(present);
        }
        return sizes;
    }

    /** The candidate among 1..n with the best validation metric; null if any failed or none has one. */
    static Row pick(Map<Integer, Row> byIndex, int n) {
        Row best = null;
        for (int i = 1; i <= n; i++) {
            Row r = byIndex.get(i);
            if (r.failed()) {
                return null;
            }
            if (Double.isNaN(r.validation())) {
                continue;
            }
            if (best == null || (r.higherIsBetter() ? r.validation() > best.validation() : r.validation() < best.validation())) {
                best = r;
            }
        }
        return best;
    }
}
