package org.tapweight.bench.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Nothing in the repository's docs, code or configs points at a file the repository does not have:
 * Markdown links resolve, every path of the repository's own folders named in a Markdown, Java,
 * YAML or shell file exists (build outputs under {@code target/} and run outputs excepted), and no
 * relative path climbs out of the repository. A user cloning the repository has only the repository.
 */
class RepositoryReferencesTest {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Pattern LINK = Pattern.compile("\\]\\(([^)#\\s]+)(#[^)]*)?\\)");
    /** A relative path that climbs and then names something (a quoted "../../.." names nothing): it must stay inside. */
    static final Pattern UP = Pattern.compile("(?<![\\w./-])((?:\\.\\./)+[A-Za-z][\\w.-]*(?:/[\\w.-]+)*)");
    static final Pattern PATH = Pattern.compile("(?<![\\w./-])((?:docs|examples|models|data|bin|\\.ci|tapweight-[a-z]+)/"
            + "[\\w./-]*\\.(?:md|yaml|java|zip|jsonl|gz|csv|json|sh|xml|txt|png))");

    static List<Path> sources() throws IOException {
        try (Stream<Path> files = Files.walk(ROOT)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> {
                        String rel = ROOT.relativize(p).toString();
                        return !rel.contains("target/") && !rel.startsWith(".git/") && !rel.startsWith("results/")
                                && !rel.startsWith("runs/") && !rel.startsWith("data/") && !rel.contains("/.")
                                && rel.matches(".*\\.(md|java|yaml|sh)");
                    }).toList();
        }
    }

    static List<String> missing(Path file, String text) {
        List<String> out = new ArrayList<>();
        Matcher link = LINK.matcher(file.toString().endsWith(".md") ? text : "");
        while (link.find()) {
            String target = link.group(1);
            if (!target.matches("[a-z]+:.*") && !Files.exists(file.getParent().resolve(target).normalize())) {
                out.add(ROOT.relativize(file) + ": link " + target);
            }
        }
        Matcher path = PATH.matcher(text);
        while (path.find()) {
            String target = path.group(1).replaceAll("\\.$", "");
            if (!target.contains("/target/") && !Files.exists(ROOT.resolve(target))) {
                out.add(ROOT.relativize(file) + ": path " + target);
            }
        }
        Matcher up = UP.matcher(text);
        while (up.find()) {
            if (!file.getParent().resolve(up.group(1)).normalize().startsWith(ROOT)) {
                out.add(ROOT.relativize(file) + ": path " + up.group(1) + " leads out of the repository");
            }
        }
        return out;
    }

    @Test
    void everyReferencedFileExists() throws IOException {
        List<String> missing = new ArrayList<>();
        List<Path> sources = sources();
        assertThat(sources).hasSizeGreaterThan(100);
        for (Path p : sources) {
            if (!p.getFileName().toString().equals("RepositoryReferencesTest.java")) {
                missing.addAll(missing(p, Files.readString(p)));
            }
        }
        assertThat(missing).isEmpty();
    }

    @Test
    void aDanglingReferenceIsCaught() {
        Path readme = ROOT.resolve("README.md");
        assertThat(missing(readme, "see [the notes](docs/no-such.md) and `models/no-such.zip`"))
                .contains("README.md: link docs/no-such.md", "README.md: path models/no-such.zip");
        assertThat(missing(readme, "the notes in ../../elsewhere/notes.md")).containsExactly(
                "README.md: path ../../elsewhere/notes.md leads out of the repository");
        assertThat(missing(ROOT.resolve("docs/design.md"), "see ../README.md")).isEmpty();
        assertThat(missing(readme, "see [the notes](docs/design.md) and `models/molecule-base-encoder.zip`")).isEmpty();
    }
}
