package org.tapweight.nlp.task;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tapweight.api.modality.Task;
import org.tapweight.api.modality.TaskProvider;
import org.tapweight.api.model.Split;
import org.tapweight.api.plugin.ConfigurationException;
import org.tapweight.api.plugin.SettingSpec;
import org.tapweight.api.plugin.Settings;
import org.tapweight.core.data.TextInput;
import org.tapweight.core.data.UnlabelledCorpusTask;
import org.tapweight.core.run.Provenance;
import org.tapweight.nlp.model.TextBatch;
import org.tapweight.nlp.model.TextDataset;
import org.tapweight.nlp.text.TextTokenizer;

/**
 * A general text corpus for pretraining the base text encoder (mode {@code PRETRAIN}): the sentences
 * of a tab-separated file (by default the Brown corpus, {@code data/text/brown.tsv}: id, genre,
 * sentence), optionally sampled, with a small seeded held-out part as validation and test. It has no
 * labels and no task loss.
 */
public final class TextCorpusTask extends UnlabelledCorpusTask<TextBatch> {

    private final Map<Split, TextDataset> splits = new EnumMap<>(Split.class);
    private final Map<String, Object> report = new LinkedHashMap<>();

    public TextCorpusTask(Path file, TextTokenizer tokenizer, int maxSentences, long seed, double heldOut) {
        super("sentences");
        List<String> sentences = new ArrayList<>();
        List<String> lines = TextInput.readLines(file);
        for (int i = 0; i < lines.size(); i++) {
            String[] f = lines.get(i).split("\t", -1);
            if (f.length != 3 || f[2].isBlank()) {
                throw new ConfigurationException(file + ", line " + (i + 1) + ": expected 3 tab-separated fields "
                        + "(id, genre, sentence) with a sentence in field 3");
            }
            sentences.add(f[2].strip());
        }
        try {
            checksums.put(file.getFileName().toString(), Provenance.sha256(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read", e);
        }
        checksums.put("tokenizer.json", tokenizer.sha256());
        java.util.Collections.shuffle(sentences, new java.util.Random(seed));
        if (maxSentences > 0 && maxSentences < sentences.size()) {
            sentences = new ArrayList<>(sentences.subList(0, maxSentences));
        }
        int held = (int) Math.round(heldOut * sentences.size());
        splits.put(Split.VALIDATION, unlabelled("validation", sentences.subList(0, held), tokenizer));
        splits.put(Split.TEST, unlabelled("test", sentences.subList(held, 2 * held), tokenizer));
        splits.put(Split.TRAIN, unlabelled("train", sentences.subList(2 * held, sentences.size()), tokenizer));
        report.put("file", file.toString());
        report.put("sentences", sentences.size());
        report.put("train", splits.get(Split.TRAIN).size());
        report.put("heldOutEach", held);
    }

    private static TextDataset unlabelled(String part, List<String> s, TextTokenizer tokenizer) {
        return new TextDataset("text-corpus/" + part, s, null, null, tokenizer);
    }

    @Override
    public Class<TextBatch> batchType() {
        return TextBatch.class;
    }

    @Override
    public TextDataset data(Split split) {
        return splits.get(split);
    }

    @Override
    public Map<String, Object> dataReport() {
        return report;
    }

    /** Service provider for id {@code text-corpus} (modality {@code text}). */
    public static final class Provider implements TaskProvider {
        @Override
        public String id() {
            return "text-corpus";
        }

        @Override
        public String description() {
            return "unlabelled sentences (default: the Brown corpus) for PRETRAIN runs of the base text encoder";
        }

        @Override
        public String modality() {
            return "text";
        }

        @Override
        public List<SettingSpec> settings() {
            return List.of(SettingSpec.ofString("file", "data/text/brown.tsv", "tab-separated id, genre, sentence"),
                    SettingSpec.ofString("tokenizer", "models/text-tokenizer.json", "WordPiece tokenizer.json"),
                    SettingSpec.ofInt("maxLength", 64, "sentences are truncated to this many tokens"),
                    SettingSpec.ofInt("maxSentences", 0, "sample at most this many sentences (0 = all)"),
                    SettingSpec.ofInt("seed", 0, "seed of the shuffle and sample"),
                    SettingSpec.ofDouble("heldOut", 0.01, "fraction held out as validation and as test"));
        }

        @Override
        public Task<?> create(Settings settings) {
            double heldOut = settings.getDouble("heldOut");
            if (!(heldOut >= 0 && heldOut < 0.5)) {
                throw new ConfigurationException(settings.owner() + ": setting 'heldOut' must be in [0, 0.5), got " + heldOut);
            }
            Path file = TextFiles.resolve(settings, "file");
            if (!Files.isRegularFile(file)) {
                throw new ConfigurationException(settings.owner() + ": no such corpus file " + file);
            }
            try (TextTokenizer tokenizer = TextTokenizer.load(TextFiles.resolve(settings, "tokenizer"),
                    settings.getInt("maxLength"))) {
                return new TextCorpusTask(file, tokenizer, settings.getInt("maxSentences"), settings.getInt("seed"), heldOut);
            }
        }
    }
}
