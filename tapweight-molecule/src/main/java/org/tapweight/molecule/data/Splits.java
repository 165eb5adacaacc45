package org.tapweight.molecule.data;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.tapweight.api.plugin.ConfigurationException;
import org.tapweight.molecule.chem.MolecularGraph;

/** Train / validation / test index sets over a featurised table. */
public record Splits(int[] train, int[] validation, int[] test) {

    /** From this many molecules on, a random 80/10/10 split gives every part at least one. */
    public static final int MINIMUM = 10;

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

    /** Fails when {@code table} has fewer than {@link #MINIMUM} molecules, naming the file and the counts. */
    public static void requireEnough(FeaturizedTable table) {
        if (table.size() < MINIMUM) {
            throw new ConfigurationException(read(table) + "; a split into train, validation and test (80/10/10) needs at least "
                    + MINIMUM + " molecules");
        }
    }

    private static String read(FeaturizedTable table) {
        return table.source() + ": " + table.size() + " molecule" + (table.size() == 1 ? "" : "s") + " read ("
                + table.skipped().size() + (table.skipped().size() == 1 ? " row" : " rows") + " skipped)";
    }

    /**
     * Fails unless train, validation and test each hold a molecule, with a message naming the file,
     * how many molecules were read and how many the split needs.
     */
    public void requireEveryPart(FeaturizedTable table, String kind) {
        List<String> empty = new ArrayList<>();
        if (train.length == 0) {
            empty.add("train");
        }
        if (validation.length == 0) {
            empty.add("validation");
        }
        if (test.length == 0) {
            empty.add("test");
        }
        if (!empty.isEmpty()) {
            throw new ConfigurationException(read(table) + ", and the " + kind + " split (80/10/10) leaves "
                    + String.join(" and ", empty) + " empty (train " + train.length + ", validation " + validation.length
                    + ", test " + test.length + "); a split needs at least " + MINIMUM + " molecules, at least one in each part"
                    + (kind.equals("scaffold") ? " (with a scaffold split, molecules of one scaffold stay together)" : ""));
        }
    }

    private static int[] toArray(List<Integer> list) {
        return list.stream().mapToInt(Integer::intValue).toArray();
    }
}
