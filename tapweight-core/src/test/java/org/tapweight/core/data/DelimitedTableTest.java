package org.tapweight.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tapweight.api.plugin.ConfigurationException;

/** A user's table: rows keep the line they start on, also after a quoted field that spans lines. */
class DelimitedTableTest {

    @Test
    void rowsAreNumberedByTheLineTheyStartOn(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("texts.csv");
        Files.writeString(f, "text,label\n\"two\nlines\",1\nplain,0\n");
        DelimitedTable t = DelimitedTable.read(f, "auto");
        assertThat(t.header()).containsExactly("text", "label");
        assertThat(t.rows()).extracting(DelimitedTable.Row::line).containsExactly(2L, 4L);
        assertThat(t.rows().get(0).fields()).containsExactly("two\nlines", "1");
    }

    @Test
    void aShortRowIsNamedByItsLineAndATsvIsReadByTabs(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("texts.csv");
        Files.writeString(f, "text,label\n\"two\nlines\",1\nmissing label\n");
        assertThatThrownBy(() -> DelimitedTable.read(f, "auto")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("texts.csv, line 4: 1 fields, the header has 2");
        Path tsv = dir.resolve("pairs.tsv");
        Files.writeString(tsv, "a\tb\n\"quoted, not special\"\tx\n");
        assertThat(DelimitedTable.read(tsv, "auto").rows().get(0).fields()).isEqualTo(List.of("\"quoted, not special\"", "x"));
        assertThatThrownBy(() -> DelimitedTable.read(dir.resolve("none.csv"), "auto")).hasMessageContaining("none.csv: no such file");
    }
}
