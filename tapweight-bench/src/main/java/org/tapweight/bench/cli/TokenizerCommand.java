package org.tapweight.bench.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.tapweight.core.data.TextInput;
import org.tapweight.nlp.text.TextTokenizer;
import org.tapweight.nlp.text.Vocabulary;
import org.tapweight.nlp.text.WordPieceTrainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tapweight tokenizer}: train a WordPiece vocabulary on a corpus and write it as a tokenizer.json. */
@Command(name = "tokenizer", mixinStandardHelpOptions = true,
        header = "Train a WordPiece vocabulary and write it as a tokenizer.json.",
        description = {"Train a WordPiece vocabulary (deterministic: the same corpus and settings give the same file)",
                "and write it as a HuggingFace tokenizer.json; then report encoding speed on the corpus."})
final class TokenizerCommand implements Callable<Integer> {

    @Option(names = "--corpus", required = true, paramLabel = "FILE",
            description = "UTF-8 text (or .gz), one example per line (blank lines skipped); in a .tsv file the last tab-separated field is the text.")
    Path corpus;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write tokenizer.json.")
    Path out;

    @Option(names = "--vocabulary", description = "Vocabulary size, special tokens included (default ${DEFAULT-VALUE}).")
    int vocabulary = 8000;

    @Option(names = "--min-frequency", description = "Stop merging below this pair count (default ${DEFAULT-VALUE}).")
    int minFrequency = 2;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter o = spec.commandLine().getOut();
        List<String> texts = texts(corpus);
        long t0 = System.nanoTime();
        Vocabulary v = new WordPieceTrainer(vocabulary, minFrequency).train(texts);
        double trainSeconds = (System.nanoTime() - t0) / 1e9;
        v.write(out);
        o.printf("trained %d tokens on %d texts in %.1f s; wrote %s%n", v.size(), texts.size(), trainSeconds, out);
        try (TextTokenizer t = TextTokenizer.load(out, 128)) {
            long t1 = System.nanoTime();
            long tokens = 0;
            long unknown = 0;
            for (String s : texts) {
                for (int id : t.encode(s).ids()) {
                    tokens++;
                    if (id == Vocabulary.UNK_ID) {
                        unknown++;
                    }
                }
            }
            double one = (System.nanoTime() - t1) / 1e9;
            long t2 = System.nanoTime();
            int batch = 256;
            for (int i = 0; i < texts.size(); i += batch) {
                t.encodeAll(texts.subList(i, Math.min(texts.size(), i + batch)));
            }
            double batched = (System.nanoTime() - t2) / 1e9;
            o.printf("encoding: %.0f sentences/s one at a time, %.0f sentences/s in batches of %d; %.2f tokens per sentence, "
                    + "%.3f%% [UNK]%n", texts.size() / one, texts.size() / batched, batch, (double) tokens / texts.size(),
                    100.0 * unknown / tokens);
        }
        return 0;
    }

    /** The non-blank texts of {@code corpus} (a {@code .gz} is decompressed; bad UTF-8 names the line and byte). */
    static List<String> texts(Path corpus) {
        List<String> texts = new ArrayList<>();
        boolean tsv = corpus.getFileName().toString().replaceFirst("\\.gz$", "").endsWith(".tsv");
        for (String line : TextInput.readLines(corpus)) {
            String text = tsv ? line.substring(line.lastIndexOf('\t') + 1) : line;
            if (!text.isBlank()) {
                texts.add(text);
            }
        }
        return texts;
    }
}
