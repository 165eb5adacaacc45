package org.tapweight.nlp.text;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.tapweight.api.plugin.ConfigurationException;
import org.tapweight.core.run.Provenance;

/**
 * Encodes text with a {@link Vocabulary} through HuggingFace's native tokenizers (DJL), offline
 * from a local {@code tokenizer.json}. A single text becomes {@code [CLS] a [SEP]}, a pair
 * {@code [CLS] a [SEP] b [SEP]} with type ids 0 then 1. Words with a character outside the
 * vocabulary become {@code [UNK]}. Inputs longer than {@code maxLength} tokens (special tokens
 * included) are truncated: a single text keeps its first pieces; a pair loses pieces from the end of
 * whichever text is longer, one at a time ("longest first"), so both keep as much as they can.
 */
public final class TextTokenizer implements AutoCloseable {

    static {
        // Never reach for the network: the tokenizer is always a local file.
        System.setProperty("offline", "true");
    }

    private final HuggingFaceTokenizer tokenizer;
    private final Vocabulary vocabulary;
    private final int maxLength;
    private final Path file;
    private final String sha256;

    private TextTokenizer(Path file, int maxLength) throws IOException {
        if (maxLength < 4) {
            throw new IllegalArgumentException("maxLength must be >= 4 (room for [CLS] a [SEP] b [SEP])");
        }
        this.file = file;
        this.maxLength = maxLength;
        this.vocabulary = Vocabulary.read(file);
        this.sha256 = Provenance.sha256(Files.readAllBytes(file));
        this.tokenizer = HuggingFaceTokenizer.newInstance(file, Map.of("maxLength", Integer.toString(maxLength),
                "truncation", "true", "padding", "false", "addSpecialTokens", "true"));
    }

    /** Loads a {@code tokenizer.json}; a missing or unreadable file is a configuration error naming it. */
    public static TextTokenizer load(Path file, int maxLength) {
        if (maxLength < 4) {
            throw new ConfigurationException("tokenizer maxLength must be >= 4 (room for [CLS] a [SEP] b [SEP]), got " + maxLength);
        }
        if (!Files.isRegularFile(file)) {
            throw new ConfigurationException(file + ": no such tokenizer file; train one with "
                    + "'tapweight tokenizer --corpus data/text/brown.tsv --out " + file + "'");
        }
        try {
            return new TextTokenizer(file, maxLength);
        } catch (IOException | RuntimeException e) {
            throw new ConfigurationException(file + ": cannot load the tokenizer: " + e, e);
        }
    }

    /** Token ids and type ids of one input. */
    public record Encoded(int[] ids, int[] typeIds) {
        public int length() {
            return ids.length;
        }
    }

    public Encoded encode(String text) {
        return convert(tokenizer.encode(text));
    }

    /** A sentence pair; {@code second} may be null for a single text. */
    public Encoded encode(String first, String second) {
        return second == null ? encode(first) : convert(tokenizer.encode(first, second));
    }

    /** Encodes many single texts in one native call. */
    public Encoded[] encodeAll(List<String> texts) {
        Encoding[] encodings = tokenizer.batchEncode(texts);
        Encoded[] out = new Encoded[encodings.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = convert(encodings[i]);
        }
        return out;
    }

    private static Encoded convert(Encoding e) {
        long[] ids = e.getIds();
        long[] types = e.getTypeIds();
        int[] a = new int[ids.length];
        int[] t = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            a[i] = (int) ids[i];
            t[i] = (int) types[i];
        }
        return new Encoded(a, t);
    }

    /** The text of some ids, special tokens left out, pieces joined into words. */
    public String decode(int[] ids) {
        long[] l = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            l[i] = ids[i];
        }
        return tokenizer.decode(l, true);
    }

    public Vocabulary vocabulary() {
        return vocabulary;
    }

    public int maxLength() {
        return maxLength;
    }

    public Path file() {
        return file;
    }

    public String sha256() {
        return sha256;
    }

    @Override
    public void close() {
        tokenizer.close();
    }

    /** Trains a vocabulary on {@code texts} and writes it to {@code file}; a convenience for tools and tests. */
    public static Vocabulary train(Iterable<String> texts, int vocabularySize, int minFrequency, Path file) {
        Vocabulary v = new WordPieceTrainer(vocabularySize, minFrequency).train(texts);
        try {
            v.write(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return v;
    }
}
