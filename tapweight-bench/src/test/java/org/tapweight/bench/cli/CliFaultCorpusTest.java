package org.tapweight.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tapweight.core.plugin.PluginJarLoader;
import picocli.CommandLine;

/** Faults a user can cause (issue 12): unwritable output folders and bad corpus files get a message saying what happened. */
class CliFaultCorpusTest {

    @TempDir
    Path dir;

    record Handled(int exitCode, String err) {
    }

    private static Handled handle(Exception e) {
        CommandLine cli = TapWeightCli.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err, true));
        return new Handled(new ErrorHandler().handleExecutionException(e, cli, null), err.toString());
    }

    @Test
    void aDeniedPermissionSaysSoInsteadOfJustThePath() {
        Handled h = handle(new UncheckedIOException(new AccessDeniedException("runs/x/run-record.jsonl")));
        assertThat(h.exitCode()).isEqualTo(3);
        assertThat(h.err()).startsWith("tapweight: cannot read or write runs/x/run-record.jsonl: permission denied");
        Handled checked = handle(new AccessDeniedException("runs/x"));
        assertThat(checked.exitCode()).isEqualTo(3);
        assertThat(checked.err()).contains("cannot read or write runs/x: permission denied").doesNotContain("internal error");
    }

    @Test
    void missingExistingAndNotAFolderAreNamed() {
        assertThat(handle(new NoSuchFileException("data/x.tsv")).err()).contains("tapweight: no such file or folder: data/x.tsv");
        assertThat(handle(new FileAlreadyExistsException("runs/x")).err())
                .contains("cannot create runs/x: something of that name already exists");
        assertThat(handle(new NotDirectoryException("runs/x")).err()).contains("runs/x is not a folder");
        assertThat(handle(new FileSystemException("runs/x/y", null, "Not a directory")).err())
                .contains("cannot use runs/x/y: a part of the path is a file, not a folder");
    }

    @Test
    void aFullOrReadOnlyDiskIsNamed() {
        assertThat(handle(new FileSystemException("runs/x/checkpoint.zip", null, "No space left on device")).err())
                .contains("cannot write runs/x/checkpoint.zip: no space left on the device");
        assertThat(handle(new UncheckedIOException(new IOException("No space left on device"))).err())
                .contains("tapweight: cannot write: no space left on the device");
        assertThat(handle(new FileSystemException("/mnt/ro/x", null, "Read-only file system")).err())
                .contains("cannot write /mnt/ro/x: the file system is read-only");
    }

    @Test
    void aWrapperMessageIsKeptAsContextAndOtherErrorsStillGetATrace() {
        Handled h = handle(new UncheckedIOException("encoder file e.zip", new NoSuchFileException("e.zip")));
        assertThat(h.err()).contains("tapweight: encoder file e.zip: no such file or folder: e.zip");
        Handled bug = handle(new IllegalStateException("boom"));
        assertThat(bug.exitCode()).isEqualTo(1);
        assertThat(bug.err()).contains("internal error", "boom", "at org.tapweight");
    }

    @Test
    void anOutputFolderThatIsAFileIsNamed() throws IOException {
        Path file = Files.writeString(dir.resolve("taken"), "x");
        CliTest.Outcome o = CliTest.run("run", "--out", file.toString(), "--set", "outerSteps=1");
        assertThat(o.exitCode()).isEqualTo(3);
        assertThat(o.err()).contains("cannot create " + file + ": something of that name already exists");
        CliTest.Outcome below = CliTest.run("run", "--out", file.resolve("x").toString(), "--set", "outerSteps=1");
        assertThat(below.exitCode()).isEqualTo(3);
        assertThat(below.err()).contains("a part of the path is a file, not a folder");
    }

    @Test
    void aReadOnlyOutputFolderSaysPermissionDenied() throws IOException {
        Path parent = Files.createDirectory(dir.resolve("read-only"));
        Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            assumeFalse(Files.isWritable(parent), "permissions are not enforced (running as root)");
            CliTest.Outcome o = CliTest.run("run", "--out", parent.resolve("x").toString(), "--set", "outerSteps=1");
            assertThat(o.exitCode()).isEqualTo(3);
            assertThat(o.err()).contains("cannot read or write " + parent.resolve("x") + ": permission denied");
        } finally {
            Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void aTokenizerCorpusWithALatin1ByteNamesLineAndByte() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write("\uFEFFa first line\n".getBytes(StandardCharsets.UTF_8));
        bytes.write("a caf\u00e9 line\n".getBytes(StandardCharsets.ISO_8859_1));
        Path corpus = Files.write(dir.resolve("corpus.txt"), bytes.toByteArray());
        CliTest.Outcome o = CliTest.run("tokenizer", "--corpus", corpus.toString(), "--out", dir.resolve("t.json").toString());
        assertThat(o.exitCode()).isEqualTo(2);
        assertThat(o.err()).contains("corpus.txt, line 2, byte 6", "0xE9").doesNotContain("\tat ");
        CliTest.Outcome missing = CliTest.run("tokenizer", "--corpus", dir.resolve("none.txt").toString(), "--out",
                dir.resolve("t.json").toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("no such file or folder: " + dir.resolve("none.txt"));
    }

    @Test
    void aTokenizerCorpusKeepsTheLastFieldOfAGzippedTsvAndDropsTheByteOrderMark() throws IOException {
        Path tsv = dir.resolve("c.tsv.gz");
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(tsv))) {
            out.write("\uFEFF1\tnews\tfirst text\n2\tnews\t \n3\tnews\tsecond text\n".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(TokenizerCommand.texts(tsv)).containsExactly("first text", "second text");
        Path txt = Files.writeString(dir.resolve("c.txt"), "\uFEFFone\n\ntwo\n");
        assertThat(TokenizerCommand.texts(txt)).containsExactly("one", "two");
    }

    @Test
    void pluginFoldersGiveALoaderThatKnowsItsJarsForTheRecord() throws IOException {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Path b = Files.write(plugins.resolve("b.jar"), new byte[0]);
        Path a = Files.write(plugins.resolve("a.jar"), new byte[0]);
        Files.writeString(plugins.resolve("README.txt"), "not a jar");
        PluginOptions options = new PluginOptions();
        options.pluginDirs = List.of(plugins);
        try (PluginJarLoader loader = (PluginJarLoader) options.loader()) {
            assertThat(loader.jars()).containsExactly(a.toAbsolutePath(), b.toAbsolutePath());
        }
        options.pluginDirs = List.of(b);
        assertThat(handleCall(options).err()).contains("configuration error: --plugins " + b + ": not a folder");
    }

    private static Handled handleCall(PluginOptions options) {
        try {
            options.loader();
            return new Handled(0, "");
        } catch (RuntimeException e) {
            return handle(e);
        }
    }
}
