package org.tapweight.core.record;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** Writes files by temp file, fsync and rename, so a reader sees the old file or the new one, never half. */
public final class AtomicFiles {

    /** Writes the content of a file through an output stream. */
    @FunctionalInterface
    public interface Writer {
        void write(OutputStream out) throws IOException;
    }

    private AtomicFiles() {
    }

    /** A temp file older than this was left by a writer that was killed (a write takes seconds). */
    static final java.time.Duration STALE = java.time.Duration.ofMinutes(10);

    private static volatile java.util.function.Consumer<Path> interruptionPoint = target -> { };

    /**
     * For kill tests only: {@code point} is called with the target after its temp file is written and
     * before it replaces the target, the moment a kill does the most harm (a process halted there
     * leaves the temp file and the old target).
     */
    public static void setInterruptionPointForTests(java.util.function.Consumer<Path> point) {
        interruptionPoint = point;
    }

    public static void write(Path target, Writer writer) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        removeStaleTemps(dir, "." + target.getFileName());
        Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
        try {
            // createTempFile makes the file owner-only; results and checkpoints are ordinary files.
            Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: keep the default
        }
        try {
            try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.WRITE)) {
                writer.write(out);
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            interruptionPoint.accept(target);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Deletes this target's temp files that a killed write left behind (a checkpoint's was 4.8 MB and
     * stayed forever); recent ones may belong to a writer still at work and are kept.
     */
    private static void removeStaleTemps(Path dir, String prefix) throws IOException {
        java.nio.file.attribute.FileTime before = java.nio.file.attribute.FileTime.from(java.time.Instant.now().minus(STALE));
        try (java.nio.file.DirectoryStream<Path> temps = Files.newDirectoryStream(dir, prefix + "*.tmp")) {
            for (Path t : temps) {
                String rest = t.getFileName().toString().substring(prefix.length(), t.getFileName().toString().length() - 4);
                if (rest.chars().allMatch(Character::isDigit) && Files.getLastModifiedTime(t).compareTo(before) < 0) {
                    Files.deleteIfExists(t);
                }
            }
        }
    }

    public static void writeString(Path target, String content) throws IOException {
        write(target, out -> out.write(content.getBytes(StandardCharsets.UTF_8)));
    }
}
