package org.tapweight.nlp.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Special tokens wherever a vocabulary holds them, and uniform draws of the other tokens. */
class SpecialTokensTest {

    @Test
    void theProjectLayoutAndBertsLayoutMapNonSpecialDrawsByHand() {
        assertThat(SpecialTokens.PROJECT.count()).isEqualTo(5);
        assertThat(SpecialTokens.PROJECT.nonSpecial(0)).isEqualTo(5);
        assertThat(SpecialTokens.PROJECT.nonSpecial(17)).isEqualTo(22);
        SpecialTokens bert = new SpecialTokens(0, 100, 101, 102, 103);
        assertThat(bert.nonSpecial(0)).isEqualTo(1);
        assertThat(bert.nonSpecial(98)).isEqualTo(99);
        assertThat(bert.nonSpecial(99)).isEqualTo(104);
        assertThat(bert.nonSpecial(100)).isEqualTo(105);
        for (int r = 0; r < 200; r++) {
            assertThat(bert.contains(bert.nonSpecial(r))).isFalse();
        }
    }

    @Test
    void aVocabularyFindsItsSpecialTokensAnywhereAndNeedsAllFive() {
        List<String> tokens = new ArrayList<>(List.of("[PAD]", "a", "b", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "c"));
        Vocabulary v = new Vocabulary(tokens);
        assertThat(v.specials()).isEqualTo(new SpecialTokens(0, 3, 4, 5, 6));
        assertThat(v.id("zzz")).isEqualTo(3);
        assertThat(v.isSpecial(4)).isTrue();
        assertThat(v.isSpecial(1)).isFalse();
        tokens.remove("[MASK]");
        assertThatThrownBy(() -> new Vocabulary(tokens)).hasMessageContaining("no [MASK] token");
    }
}
