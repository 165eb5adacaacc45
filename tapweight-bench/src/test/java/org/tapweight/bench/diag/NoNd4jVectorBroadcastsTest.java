package org.tapweight.bench.diag;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No main source of the project calls ND4J's row/column-vector broadcasts, which can crash the JVM
 * under garbage collection (see {@code org.tapweight.nn.Broadcast}); only the stress program
 * that reproduces the crash may.
 */
class NoNd4jVectorBroadcastsTest {

    static final Pattern CALL = Pattern.compile("\\.(add|sub|mul|div|rsub|rdiv)i?(Row|Column)Vector\\(");

    static boolean callsNd4jBroadcast(String line) {
        return CALL.matcher(line.replaceAll("\\bBroadcast\\.\\w+\\(", "(")).find();
    }

    @Test
    void theScanTellsOurHelperFromNd4jsMethods() {
        assertThat(callsNd4jBroadcast("y = x.mmul(w).addiRowVector(b);")).isTrue();
        assertThat(callsNd4jBroadcast("p = e.diviColumnVector(sum);")).isTrue();
        assertThat(callsNd4jBroadcast("y = Broadcast.addiRowVector(x.mmul(w), b);")).isFalse();
        assertThat(callsNd4jBroadcast("y = Broadcast.addiRowVector(x.mulRowVector(g), b);")).isTrue();
    }

    @Test
    void mainSourcesUseTheBroadcastHelper() throws IOException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        List<String> offenders = new ArrayList<>();
        int files = 0;
        try (Stream<Path> modules = Files.list(root)) {
            for (Path module : modules.filter(m -> m.getFileName().toString().startsWith("tapweight-")).toList()) {
                Path main = module.resolve("src/main/java");
                if (!Files.isDirectory(main)) {
                    continue;
                }
                try (Stream<Path> sources = Files.walk(main)) {
                    for (Path f : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                        files++;
                        if (f.getFileName().toString().equals("BroadcastStress.java")) {
                            continue;
                        }
                        List<String> lines = Files.readAllLines(f);
                        for (int i = 0; i < lines.size(); i++) {
                            if (callsNd4jBroadcast(lines.get(i))) {
                                offenders.add(root.relativize(f) + ":" + (i + 1) + ": " + lines.get(i).strip());
                            }
                        }
                    }
                }
            }
        }
        assertThat(files).as("main sources found under " + root).isGreaterThan(50);
        assertThat(offenders).as("calls of ND4J's vector broadcasts; use org.tapweight.nn.Broadcast").isEmpty();
    }
}
