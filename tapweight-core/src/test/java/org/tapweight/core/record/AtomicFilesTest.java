package org.tapweight.core.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Atomic writes, and the temp files a killed write leaves behind. */
class AtomicFilesTest {

    @Test
    void aWriteRemovesItsTargetsStaleTempsAndKeepsRecentOnesAndOtherTargets(@TempDir Path dir) throws Exception {
        Path stale = Files.writeString(dir.resolve(".checkpoint.zip1234567890.tmp"), "left by a kill");
        Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(AtomicFiles.STALE).minusSeconds(60)));
        Path recent = Files.writeString(dir.resolve(".checkpoint.zip987.tmp"), "a writer still at work");
        Path otherTarget = Files.writeString(dir.resolve(".checkpoint.zip.old42.tmp"), "not this target's");
        Files.setLastModifiedTime(otherTarget, FileTime.from(Instant.now().minus(AtomicFiles.STALE).minusSeconds(60)));

        AtomicFiles.writeString(dir.resolve("checkpoint.zip"), "new");

        assertThat(Files.readString(dir.resolve("checkpoint.zip"))).isEqualTo("new");
        assertThat(stale).doesNotExist();
        assertThat(recent).exists();
        assertThat(otherTarget).exists();
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("checkpoint.zip", ".checkpoint.zip987.tmp", ".checkpoint.zip.old42.tmp");
        }
    }
}
