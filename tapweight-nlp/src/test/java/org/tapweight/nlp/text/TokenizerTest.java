package org.tapweight.nlp.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tapweight.api.plugin.ConfigurationException;

class TokenizerTest {

    static List<String> corpus = new ArrayList<>();

    @BeforeAll
    static void readSlice() throws IOException {
        Path brown = org.tapweight.core.data.DataFiles.locate("text/brown.tsv");
        try (var lines = Files.lines(brown)) {
            lines.limit(3000).forEach(l -> corpus.add(l.split("\t", 3)[2]));
        }
    }

    @Test
    void sameCorpusAndSettingsGiveTheSameVocabulary(@TempDir Path dir) throws IOException {
        Vocabulary a = new WordPieceTrainer(1500, 2).train(corpus);
        List<String> shuffled = new ArrayList<>(corpus);
        java.util.Collections.shuffle(shuffled, new java.util.Random(3));
        Vocabulary b = new WordPieceTrainer(1500, 2).train(shuffled);
        assertThat(a.size()).isEqualTo(1500);
        assertThat(a.tokens()).isEqualTo(b.tokens());
        assertThat(a.tokens().subList(0, 5)).containsExactly("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]");
        assertThat(a.tokens()).contains("the", "and", "##s", "##ing");
        a.write(dir.resolve("a.json"));
        b.write(dir.resolve("b.json"));
        assertThat(Files.readAllBytes(dir.resolve("a.json"))).isEqualTo(Files.readAllBytes(dir.resolve("b.json")));
        assertThat(Vocabulary.read(dir.resolve("a.json")).tokens()).isEqualTo(a.tokens());
    }

    @Test
    void roundTripGivesTheNormalisedText(@TempDir Path dir) {
        Path file = dir.resolve("tokenizer.json");
        TextTokenizer.train(corpus, 2000, 2, file);
        try (TextTokenizer t = TextTokenizer.load(file, 128)) {
            for (String s : List.of("The jury said it did not believe the election was conducted fairly.",
                    "Café owners, in Atlanta; pleaded \"no contest\" yesterday!")) {
                TextTokenizer.Encoded e = t.encode(s);
                assertThat(e.ids()[0]).isEqualTo(Vocabulary.CLS_ID);
                assertThat(e.ids()[e.length() - 1]).isEqualTo(Vocabulary.SEP_ID);
                assertThat(e.ids()).doesNotContain(Vocabulary.UNK_ID);
                String expected = String.join(" ", TextNormalizer.preTokenize(TextNormalizer.normalize(s)));
                assertThat(joinWords(t.decode(e.ids()))).isEqualTo(expected);
            }
            // Words split into several pieces come back whole.
            TextTokenizer.Encoded rare = t.encode("unbelievably");
            assertThat(rare.length()).isGreaterThan(3);
            assertThat(t.decode(rare.ids())).isEqualTo("unbelievably");
        }
    }

    /** The decoder glues punctuation to words ("fairly."); split it off again to compare word sequences. */
    private static String joinWords(String decoded) {
        return String.join(" ", TextNormalizer.preTokenize(decoded));
    }

    @Test
    void unknownCharactersBecomeUnkWithoutTouchingTheirNeighbours(@TempDir Path dir) {
        Path file = dir.resolve("tokenizer.json");
        TextTokenizer.train(corpus, 800, 2, file);
        try (TextTokenizer t = TextTokenizer.load(file, 64)) {
            TextTokenizer.Encoded e = t.encode("the ☃snowman and Ωmega");
            List<String> tokens = new ArrayList<>();
            for (int id : e.ids()) {
                tokens.add(t.vocabulary().token(id));
            }
            assertThat(tokens.get(1)).isEqualTo("the");
            assertThat(tokens).contains("[UNK]", "and");
            assertThat(tokens.stream().filter("[UNK]"::equals).count()).isEqualTo(2);
            // Control characters are removed, accents stripped, case folded.
            assertThat(TextNormalizer.normalize("A\u0000b\u0007 ÉCOLE\tx")).isEqualTo("ab ecole x");
        }
    }

    @Test
    void overlongInputsAreTruncatedAsDocumented(@TempDir Path dir) {
        Path file = dir.resolve("tokenizer.json");
        TextTokenizer.train(corpus, 1000, 2, file);
        String longText = String.join(" ", java.util.Collections.nCopies(100, "the jury"));
        try (TextTokenizer t = TextTokenizer.load(file, 16)) {
            TextTokenizer.Encoded single = t.encode(longText);
            assertThat(single.length()).isEqualTo(16);
            assertThat(single.ids()[0]).isEqualTo(Vocabulary.CLS_ID);
            assertThat(single.ids()[15]).isEqualTo(Vocabulary.SEP_ID);
            assertThat(t.decode(single.ids())).isEqualTo(String.join(" ", java.util.Collections.nCopies(7, "the jury")));
            // Longest first: the long text gives up pieces until the pair fits; the short one is kept whole.
            TextTokenizer.Encoded pair = t.encode(longText, "the jury said");
            assertThat(pair.length()).isEqualTo(16);
            int[] types = pair.typeIds();
            long second = java.util.Arrays.stream(types).filter(x -> x == 1).count();
            assertThat(second).isEqualTo(4); // "the jury said" + [SEP]
            assertThat(pair.ids()[0]).isEqualTo(Vocabulary.CLS_ID);
        }
    }

    @Test
    void aMissingTokenizerFileIsAClearError(@TempDir Path dir) {
        assertThatThrownBy(() -> TextTokenizer.load(dir.resolve("nope.json"), 64))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("nope.json").hasMessageContaining("tapweight tokenizer");
    }
}
