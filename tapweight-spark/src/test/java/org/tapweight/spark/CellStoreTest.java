package org.tapweight.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The order files reach the shared store in, what is cleaned, and what a pull leaves out. */
class CellStoreTest {

    /** The local disk as a remote store that notes the final name of every rename. */
    public static final class Recording extends OtherSchemeFileSystem {
        static final List<String> RENAMED = Collections.synchronizedList(new ArrayList<>());

        @Override
        public boolean rename(org.apache.hadoop.fs.Path src, org.apache.hadoop.fs.Path dst) throws IOException {
            RENAMED.add(dst.getName());
            return super.rename(src, dst);
        }
    }

    private static final CellSpec CELL = new CellSpec("bbbp", "uniform", 3);
    private static final Map<String, String> SETTINGS = Map.of("fs.othertest.impl", Recording.class.getName(),
            "fs.othertest.impl.disable.cache", "true");

    @BeforeEach
    void clear() {
        Recording.RENAMED.clear();
    }

    private static CellStore store(Path remote) {
        return CellStore.open(OtherSchemeFileSystem.SCHEME + "://" + remote.toAbsolutePath(), SETTINGS);
    }

    private static Path cell(Path dir, String... files) throws IOException {
        Files.createDirectories(dir);
        for (String f : files) {
            Files.writeString(dir.resolve(f), f + " of " + dir.getFileName());
        }
        return dir;
    }

    @Test
    void theRecordGoesUpBeforeItsCheckpointAndTheResultsLast(@TempDir Path tmp) throws Exception {
        CellStore store = store(tmp.resolve("remote"));
        Path local = cell(tmp.resolve("local"), "run-record.jsonl", "checkpoint.zip");
        store.pushCheckpoint(CELL, local);
        assertThat(Recording.RENAMED).containsExactly("run-record.jsonl", "checkpoint.zip");
        assertThat(store.finished(CELL)).isFalse();

        Recording.RENAMED.clear();
        cell(local, "results.json", "report.md");
        store.pushFinished(CELL, local);
        assertThat(Recording.RENAMED).containsExactly("report.md", "run-record.jsonl", "checkpoint.zip", "results.json");
        assertThat(store.finished(CELL)).isTrue();
        assertThat(Files.readString(tmp.resolve("remote").resolve(CELL.relativeDir()).resolve("checkpoint.zip")))
                .isEqualTo("checkpoint.zip of local");
    }

    @Test
    void aFinishedPushRemovesWhatEarlierAttemptsLeftAndAPullSkipsUnfinishedUploads(@TempDir Path tmp) throws Exception {
        Path remoteCell = cell(tmp.resolve("remote").resolve(CELL.relativeDir()), "run-record.jsonl", "stale.txt",
                ".tmp-1234-checkpoint.zip");
        CellStore store = store(tmp.resolve("remote"));

        Path pulled = tmp.resolve("pulled");
        store.pull(CELL, pulled);
        assertThat(names(pulled)).containsExactly("run-record.jsonl", "stale.txt");

        store.pushFinished(CELL, cell(tmp.resolve("fresh"), "run-record.jsonl", "results.json"));
        assertThat(names(remoteCell)).containsExactly("results.json", "run-record.jsonl"); // stale file and upload leftover gone
        assertThat(Files.readString(remoteCell.resolve("run-record.jsonl"))).isEqualTo("run-record.jsonl of fresh");
    }

    @Test
    void aFinishedCellIsPulledWithoutItsCheckpoint(@TempDir Path tmp) throws Exception {
        cell(tmp.resolve("remote").resolve(CELL.relativeDir()), "run-record.jsonl", "checkpoint.zip", "results.json");
        store(tmp.resolve("remote")).pullFinished(CELL, tmp.resolve("mirror"));
        assertThat(names(tmp.resolve("mirror"))).containsExactly("results.json", "run-record.jsonl");
    }

    @Test
    void theFinishedCellsAreListedWhateverTheGrid(@TempDir Path tmp) throws Exception {
        cell(tmp.resolve("remote/cells/bbbp/uniform/seed-1"), "results.json");
        cell(tmp.resolve("remote/cells/bbbp/uniform/seed-2"), "checkpoint.zip");
        cell(tmp.resolve("remote/cells/bace/direct/seed-7"), "failed.json");
        assertThat(store(tmp.resolve("remote")).finishedCells()).containsExactlyInAnyOrder(new CellSpec("bbbp", "uniform", 1),
                new CellSpec("bace", "direct", 7));
    }

    @Test
    void aMissingCellPullsNothing(@TempDir Path tmp) {
        store(tmp.resolve("remote")).pull(CELL, tmp.resolve("local"));
        assertThat(tmp.resolve("local")).doesNotExist();
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
