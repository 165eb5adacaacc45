package org.tapweight.nlp.text;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Trains a WordPiece vocabulary the way HuggingFace's trainer does, by byte-pair-style merges over
 * the words of a corpus (after {@link TextNormalizer}): every word starts as its characters, the first
 * as is and the others with the continuation prefix {@code ##}; the most frequent adjacent pair is
 * merged into a new piece until the vocabulary is full or no pair occurs {@code minFrequency} times.
 * Ties go to the pair whose pieces sort first, so the same corpus and settings give the same
 * vocabulary on every run and machine. Pair counts are updated incrementally (only the words that
 * contain the merged pair are revisited), so the Brown corpus trains in seconds.
 */
public final class WordPieceTrainer {

    private final int vocabularySize;
    private final int minFrequency;

    public WordPieceTrainer(int vocabularySize, int minFrequency) {
        if (vocabularySize <= Vocabulary.SPECIAL_TOKENS.size()) {
            throw new IllegalArgumentException("vocabulary size must exceed the " + Vocabulary.SPECIAL_TOKENS.size() + " special tokens");
        }
        if (minFrequency < 1) {
            throw new IllegalArgumentException("minFrequency must be >= 1");
        }
        this.vocabularySize = vocabularySize;
        this.minFrequency = minFrequency;
    }

    public Vocabulary train(Iterable<String> texts) {
        Map<String, Integer> wordCounts = new TreeMap<>();
        for (String text : texts) {
            for (String w : TextNormalizer.preTokenize(TextNormalizer.normalize(text))) {
                wordCounts.merge(w, 1, Integer::sum);
            }
        }
        List<String> symbols = new ArrayList<>();
        Map<String, Integer> symbolId = new HashMap<>();
        // The alphabet, sorted so that ids do not depend on the order of the corpus.
        TreeSet<String> alphabet = new TreeSet<>();
        for (String w : wordCounts.keySet()) {
            int[] cps = w.codePoints().toArray();
            for (int i = 0; i < cps.length; i++) {
                alphabet.add(piece(cps[i], i > 0));
            }
        }
        for (String a : alphabet) {
            symbolId.put(a, symbols.size());
            symbols.add(a);
        }
        int words = wordCounts.size();
        int[][] pieces = new int[words][];
        int[] freq = new int[words];
        int k = 0;
        for (Map.Entry<String, Integer> e : wordCounts.entrySet()) {
            int[] cps = e.getKey().codePoints().toArray();
            pieces[k] = new int[cps.length];
            for (int i = 0; i < cps.length; i++) {
                pieces[k][i] = symbolId.get(piece(cps[i], i > 0));
            }
            freq[k++] = e.getValue();
        }
        Map<Long, Long> pairCount = new HashMap<>();
        Map<Long, TreeSet<Integer>> pairWords = new HashMap<>();
        for (int w = 0; w < words; w++) {
            addPairs(pieces[w], w, freq[w], 1, pairCount, pairWords);
        }
        PriorityQueue<long[]> queue = new PriorityQueue<>((x, y) -> {
            if (x[1] != y[1]) {
                return Long.compare(y[1], x[1]);
            }
            int c = symbols.get(left(x[0])).compareTo(symbols.get(left(y[0])));
            return c != 0 ? c : symbols.get(right(x[0])).compareTo(symbols.get(right(y[0])));
        });
        pairCount.forEach((pair, count) -> queue.add(new long[] {pair, count}));
        int budget = vocabularySize - Vocabulary.SPECIAL_TOKENS.size();
        if (alphabet.size() > budget) {
            throw new IllegalArgumentException("the corpus has " + alphabet.size() + " distinct pieces of one character, more than a "
                    + "vocabulary of " + vocabularySize + " can hold; raise the vocabulary size");
        }
        while (symbols.size() < budget && !queue.isEmpty()) {
            long[] top = queue.poll();
            Long current = pairCount.get(top[0]);
            if (current == null || current != top[1]) {
                continue; // stale entry: the count changed after it was queued
            }
            if (current < minFrequency) {
                break;
            }
            int a = left(top[0]);
            int b = right(top[0]);
            String merged = symbols.get(a) + stripPrefix(symbols.get(b));
            Integer id = symbolId.get(merged);
            if (id == null) {
                id = symbols.size();
                symbols.add(merged);
                symbolId.put(merged, id);
            }
            Map<Long, Long> before = new HashMap<>();
            for (int w : new ArrayList<>(pairWords.getOrDefault(top[0], new TreeSet<>()))) {
                int[] old = pieces[w];
                int[] updated = merge(old, a, b, id);
                if (updated.length == old.length) {
                    continue;
                }
                addPairs(old, w, freq[w], -1, pairCount, pairWords);
                pieces[w] = updated;
                addPairs(updated, w, freq[w], 1, pairCount, pairWords);
                collectPairs(old, before);
                collectPairs(updated, before);
            }
            pairCount.remove(top[0]);
            for (long pair : before.keySet()) {
                Long c = pairCount.get(pair);
                if (c != null && c > 0) {
                    queue.add(new long[] {pair, c});
                }
            }
        }
        List<String> tokens = new ArrayList<>(Vocabulary.SPECIAL_TOKENS);
        tokens.addAll(symbols);
        return new Vocabulary(tokens);
    }

    private static String piece(int codePoint, boolean continuation) {
        String s = new String(Character.toChars(codePoint));
        return continuation ? Vocabulary.CONTINUATION + s : s;
    }

    private static String stripPrefix(String s) {
        return s.startsWith(Vocabulary.CONTINUATION) ? s.substring(Vocabulary.CONTINUATION.length()) : s;
    }

    private static long pair(int a, int b) {
        return ((long) a << 32) | (b & 0xffffffffL);
    }

    private static int left(long pair) {
        return (int) (pair >>> 32);
    }

    private static int right(long pair) {
        return (int) pair;
    }

    private static void addPairs(int[] p, int word, int freq, int sign, Map<Long, Long> counts, Map<Long, TreeSet<Integer>> where) {
        for (int i = 0; i + 1 < p.length; i++) {
            long key = pair(p[i], p[i + 1]);
            long c = counts.getOrDefault(key, 0L) + (long) sign * freq;
            if (c <= 0) {
                counts.remove(key);
            } else {
                counts.put(key, c);
            }
            if (sign > 0) {
                where.computeIfAbsent(key, x -> new TreeSet<>()).add(word);
            }
        }
    }

    private static void collectPairs(int[] p, Map<Long, Long> into) {
        for (int i = 0; i + 1 < p.length; i++) {
            into.put(pair(p[i], p[i + 1]), 0L);
        }
    }

    private static int[] merge(int[] p, int a, int b, int id) {
        int[] out = new int[p.length];
        int n = 0;
        for (int i = 0; i < p.length; i++) {
            if (i + 1 < p.length && p[i] == a && p[i + 1] == b) {
                out[n++] = id;
                i++;
            } else {
                out[n++] = p[i];
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }
}
