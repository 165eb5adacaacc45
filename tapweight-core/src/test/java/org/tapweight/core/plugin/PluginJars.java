package org.tapweight.core.plugin;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** Compiles plug-in sources at test time and packs them into a jar with a service file: a third party's build. */
final class PluginJars {

    private PluginJars() {
    }

    /**
     * @param sourceRoot test resource folder with the plug-in's .java files
     * @param service    the provider interface's binary name
     * @param provider   the provider class's binary name
     */
    static Path build(String sourceRoot, String service, String provider, Path workDir) throws IOException, URISyntaxException {
        Path sources = Path.of(PluginJars.class.getResource("/" + sourceRoot).toURI());
        Path classes = Files.createDirectories(workDir.resolve("classes"));
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-cp", System.getProperty("java.class.path"),
                "--release", "17", "-proc:none"));
        try (Stream<Path> files = Files.walk(sources)) {
            files.filter(p -> p.toString().endsWith(".java")).forEach(p -> args.add(p.toString()));
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(null, null, null, args.toArray(String[]::new));
        if (rc != 0) {
            throw new IllegalStateException("the plug-in did not compile (javac exit " + rc + ")");
        }
        Path jar = workDir.resolve("third-party-plugin.jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jos = new JarOutputStream(out);
             Stream<Path> files = Files.walk(classes)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                jos.putNextEntry(new JarEntry(classes.relativize(p).toString().replace('\\', '/')));
                jos.write(Files.readAllBytes(p));
                jos.closeEntry();
            }
            jos.putNextEntry(new JarEntry("META-INF/services/" + service));
            jos.write((provider + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            jos.closeEntry();
        }
        return jar;
    }
}
