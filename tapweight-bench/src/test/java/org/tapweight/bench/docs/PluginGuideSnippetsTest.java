package org.tapweight.bench.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The plug-in guide's code snippets are copied from the compiled example plug-ins: each block marked
 * {@code <!-- snippet: PATH -->} must occur, line for line, in that file of the repository.
 */
class PluginGuideSnippetsTest {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Pattern SNIPPET = Pattern.compile("<!-- snippet: (\\S+) -->\\s*\\n```[a-z]*\\n(.*?)\\n```", Pattern.DOTALL);

    record Snippet(String path, String text) {
    }

    static List<Snippet> snippets(String guide) {
        List<Snippet> out = new ArrayList<>();
        Matcher m = SNIPPET.matcher(guide);
        while (m.find()) {
            out.add(new Snippet(m.group(1), m.group(2)));
        }
        return out;
    }

    @Test
    void everySnippetOccursInTheFileItNames() throws IOException {
        String guide = Files.readString(ROOT.resolve("docs/plugin-guide.md"));
        List<Snippet> snippets = snippets(guide);
        assertThat(snippets).hasSizeGreaterThanOrEqualTo(8);
        for (Snippet s : snippets) {
            Path file = ROOT.resolve(s.path());
            assertThat(file).as("snippet source").isRegularFile();
            assertThat(Files.readString(file)).as("snippet from %s", s.path()).contains(s.text());
        }
    }

    /** The README's Java example is code a test runs (OwnDataJourneyTest), indentation aside. */
    @Test
    void theReadmesJavaExampleIsTestedCode() throws IOException {
        List<Snippet> snippets = snippets(Files.readString(ROOT.resolve("README.md")));
        assertThat(snippets).isNotEmpty();
        for (Snippet s : snippets) {
            String source = unindented(Files.readString(ROOT.resolve(s.path())));
            assertThat(source).as("README snippet from %s", s.path()).contains(unindented(s.text()));
        }
    }

    private static String unindented(String text) {
        return text.lines().map(String::strip).collect(java.util.stream.Collectors.joining("\n"));
    }

    @Test
    void aChangedSnippetIsCaught() {
        List<Snippet> s = snippets("<!-- snippet: x -->\n```java\nint a = 1;\n```\n");
        assertThat(s).containsExactly(new Snippet("x", "int a = 1;"));
        assertThat("int a = 2;\n").doesNotContain(s.get(0).text());
    }
}
