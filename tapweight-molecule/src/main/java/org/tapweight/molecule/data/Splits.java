package org.tapweight.molecule.data;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.tapweight.molecule.chem.MolecularGraph;

/** Train / validation / test index sets over a featurised table. */
public record Splits(int[] train, int[] validation, int[] test) {

    /**
     * The deterministic scaffold split: molecules grouped by Bemis-Murcko scaffold, groups sorted by
     * size, largest first, ties by the group's first row, later rows first (DeepChem's order, so the
     * benchmark splits match the literature's), each group put whole into train while train
     * stays within {@code trainFraction}, else into validation while train + validation stay within
     * {@code trainFraction + validationFraction}, else into test (DeepChem's rule). No scaffold is in
     * two parts, and the result does not depend on any seed.
     */
    public static Splits scaffold(List<MolecularGraph> graphs, double trainFraction, double validationFraction) {
        Map<String, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < graphs.size(); i++) {
            groups.computeIfAbsent(graphs.get(i).scaffold(), k -> new ArrayList<>()).add(i);
        }
        List<List<Integer>> ordered = new ArrayList<>(groups.values());
        ordered.sort(Comparator.<List<Integer>>comparingInt(List::size).thenComparingInt(g -> g.get(0)).reversed());
        int n = graphs.size();
        double trainCut = trainFraction * n;
        double validationCut = (trainFraction + validationFraction) * n;
        List<Integer> train = new ArrayList<>();
        List<Integer> validation = new ArrayList<>();
        List<Integer> test = new ArrayList<>();
        for (List<Integer> g : ordered) {
            if (train.size() + g.size() > trainCut) {
                if (train.size() + validation.size() + g.size() > validationCut) {
                    test.addAll(g);
                } else {
                    validation.addAll(g);
                }
            } else {
                train.addAll(g);
            }
        }
        return new Splits(toArray(train), toArray(validation), toArray(test));
    }

    /** A seeded random split with the given fractions (test takes the rest). */
    public static Splits random(int n, double trainFraction, double validationFraction, long seed) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Random rnd = new Random(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int trainEnd = (int) Math.round(trainFraction * n);
        int validationEnd = (int) Math.round((trainFraction + validationFraction) * n);
        return new Splits(java.util.Arrays.copyOfRange(order, 0, trainEnd),
                java.util.Arrays.copyOfRange(order, trainEnd, validationEnd), java.util.Arrays.copyOfRange(order, validationEnd, n));
    }

    private static int[] toArray(List<Integer> list) {
        return list.stream().mapToInt(Integer::intValue).toArray();
    }
}
