package org.tapweight.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.DistributedFileSystem;
import org.tapweight.bench.harness.BenchRunner;
import org.tapweight.core.record.Checkpoint;
import org.tapweight.core.record.RunRecord;
import org.tapweight.core.run.RunDriver;

/**
 * The bench folder on the shared output location, through Hadoop's FileSystem API (a local or NFS path,
 * HDFS, or an object store the cluster is configured for). Cells run in a local scratch folder; this
 * class copies a cell's folder down before it runs and up as it checkpoints and when it ends.
 *
 * <p>Every file goes up under a temporary name and is renamed into place, and the order is chosen so
 * that a reader never sees a state the local bench could not have left: the record goes up before its
 * checkpoint (a resume drops record steps past the checkpoint, so a newer record is harmless, an older
 * one would leave a gap), and results.json (or failed.json), the mark of a finished cell, goes up last.
 * On a local path and on HDFS a rename replaces the old file at once. On a store whose rename does not
 * replace, the old file is deleted first: a failure in that window costs work, not correctness (a cell
 * left without its checkpoint starts again from step 0; one left without its record resumes and its
 * record says which steps it lacks).
 */
final class CellStore {

    private static final String TEMP_PREFIX = ".tmp-";
    private static final List<String> FINISH_MARKS = List.of(RunDriver.RESULTS_FILE, BenchRunner.FAILED_FILE);

    private final FileSystem fs;
    private final Path root;

    private CellStore(FileSystem fs, Path root) {
        this.fs = fs;
        this.root = root;
    }

    /**
     * Opens the bench folder at {@code outUri} (a path without a scheme is a local one). For local paths the
     * raw file system is used: the checksummed one would put a {@code .crc} file beside every file.
     */
    static CellStore open(String outUri, Map<String, String> hadoopSettings) {
        Configuration conf = new Configuration();
        hadoopSettings.forEach(conf::set);
        try {
            URI uri = URI.create(outUri);
            FileSystem fs = FileSystem.get(uri, conf);
            if (fs instanceof LocalFileSystem local) {
                fs = local.getRawFileSystem();
            }
            return new CellStore(fs, fs.makeQualified(new Path(uri)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the bench output " + outUri + ": " + e.getMessage(), e);
        }
    }

    /** The bench folder as a local path, when the output location is one; null on HDFS or object stores. */
    java.nio.file.Path localRoot() {
        return "file".equals(root.toUri().getScheme()) ? java.nio.file.Path.of(root.toUri()) : null;
    }

    String uri() {
        return root.toUri().toString();
    }

    boolean finished(CellSpec cell) {
        Path dir = cellDir(cell);
        try {
            for (String mark : FINISH_MARKS) {
                if (fs.exists(new Path(dir, mark))) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            throw failure("look at", dir, e);
        }
    }

    /** Every finished cell below {@code cells/} (the grid's and any an earlier, larger grid left), as the local bench reads them. */
    List<CellSpec> finishedCells() {
        List<CellSpec> found = new ArrayList<>();
        Path cells = new Path(root, "cells");
        try {
            if (!fs.exists(cells)) {
                return found;
            }
            for (FileStatus task : fs.listStatus(cells)) {
                for (FileStatus method : task.isDirectory() ? fs.listStatus(task.getPath()) : new FileStatus[0]) {
                    for (FileStatus seed : method.isDirectory() ? fs.listStatus(method.getPath()) : new FileStatus[0]) {
                        String name = seed.getPath().getName();
                        if (seed.isDirectory() && name.matches("seed-\\d+")) {
                            CellSpec c = new CellSpec(task.getPath().getName(), method.getPath().getName(),
                                    Long.parseLong(name.substring("seed-".length())));
                            if (finished(c)) {
                                found.add(c);
                            }
                        }
                    }
                }
            }
            return found;
        } catch (IOException e) {
            throw failure("list", cells, e);
        }
    }

    /** Copies the cell's folder (what an earlier attempt or bench left of it) into {@code local}; nothing when there is none. */
    void pull(CellSpec cell, java.nio.file.Path local) {
        pullFolder(cellDir(cell), local, false);
    }

    /** Copies the small files of a finished cell (record, results) into {@code local}, leaving the checkpoint out. */
    void pullFinished(CellSpec cell, java.nio.file.Path local) {
        pullFolder(cellDir(cell), local, true);
    }

    /** The cell's record, then its checkpoint: the state a resume needs, in the order that never leaves a gap. */
    void pushCheckpoint(CellSpec cell, java.nio.file.Path local) {
        Path dir = cellDir(cell);
        pushFile(local.resolve(RunRecord.FILE_NAME), new Path(dir, RunRecord.FILE_NAME));
        pushFile(local.resolve(Checkpoint.FILE_NAME), new Path(dir, Checkpoint.FILE_NAME));
    }

    /**
     * The whole finished cell: every file but the finishing mark, files the remote folder holds and the
     * local one does not (left by an attempt that started afresh) removed, and the mark last.
     */
    void pushFinished(CellSpec cell, java.nio.file.Path local) {
        Path dir = cellDir(cell);
        List<String> names = relativeFiles(local);
        try {
            if (fs.exists(dir)) {
                for (String stale : remoteFiles(dir, "", true)) {
                    if (!names.contains(stale)) {
                        fs.delete(new Path(dir, stale), false);
                    }
                }
            }
        } catch (IOException e) {
            throw failure("clean", dir, e);
        }
        // the record before its checkpoint, as during the run, and the finishing mark last
        List<String> last = new ArrayList<>(List.of(RunRecord.FILE_NAME, Checkpoint.FILE_NAME));
        last.addAll(FINISH_MARKS);
        for (String name : names) {
            if (!last.contains(name)) {
                pushFile(local.resolve(name), new Path(dir, name));
            }
        }
        for (String name : last) {
            if (names.contains(name)) {
                pushFile(local.resolve(name), new Path(dir, name));
            }
        }
    }

    /** Copies one file from the local bench folder up to the same place below the output location. */
    void pushBenchFile(java.nio.file.Path localRoot, String relative) {
        pushFile(localRoot.resolve(relative), new Path(root, relative));
    }

    /** Copies one file of the output location down into the local bench folder, when it exists. */
    void pullBenchFile(String relative, java.nio.file.Path localRoot) {
        Path remote = new Path(root, relative);
        try {
            if (fs.exists(remote)) {
                Files.createDirectories(localRoot.resolve(relative).getParent());
                fs.copyToLocalFile(false, remote, new Path(localRoot.resolve(relative).toUri()), true);
            }
        } catch (IOException e) {
            throw failure("copy down", remote, e);
        }
    }

    private Path cellDir(CellSpec cell) {
        return new Path(root, cell.relativeDir());
    }

    private void pullFolder(Path dir, java.nio.file.Path local, boolean leaveCheckpoint) {
        try {
            if (!fs.exists(dir)) {
                return;
            }
            for (String name : remoteFiles(dir, "", false)) {
                if (leaveCheckpoint && name.equals(Checkpoint.FILE_NAME)) {
                    continue;
                }
                java.nio.file.Path target = local.resolve(name);
                Files.createDirectories(target.getParent());
                Files.deleteIfExists(target);
                fs.copyToLocalFile(false, new Path(dir, name), new Path(target.toUri()), true);
            }
        } catch (IOException e) {
            throw failure("copy down", dir, e);
        }
    }

    /** Files below a remote folder, as paths relative to it; temporary files of an interrupted upload only if asked for. */
    private List<String> remoteFiles(Path dir, String prefix, boolean withTemporary) throws IOException {
        List<String> names = new ArrayList<>();
        for (FileStatus s : fs.listStatus(dir)) {
            String name = s.getPath().getName();
            if (s.isDirectory()) {
                names.addAll(remoteFiles(s.getPath(), prefix + name + "/", withTemporary));
            } else if (withTemporary || !name.startsWith(TEMP_PREFIX)) {
                names.add(prefix + name);
            }
        }
        return names;
    }

    private static List<String> relativeFiles(java.nio.file.Path local) {
        try (Stream<java.nio.file.Path> files = Files.walk(local)) {
            return files.filter(Files::isRegularFile).map(p -> local.relativize(p).toString().replace('\\', '/')).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Up under a temporary name, then renamed into place (replacing the old file). */
    private void pushFile(java.nio.file.Path src, Path dst) {
        Path tmp = new Path(dst.getParent(), TEMP_PREFIX + UUID.randomUUID() + "-" + dst.getName());
        try {
            fs.mkdirs(dst.getParent());
            fs.copyFromLocalFile(false, true, new Path(src.toUri()), tmp);
            if (fs instanceof DistributedFileSystem hdfs) {
                hdfs.rename(tmp, dst, Options.Rename.OVERWRITE); // atomic replace; FileSystem#rename refuses an existing target
            } else if (!fs.rename(tmp, dst)) {
                // a store whose rename does not replace (object stores copy): a short window without the file
                fs.delete(dst, false);
                if (!fs.rename(tmp, dst)) {
                    throw new IOException("rename " + tmp + " to " + dst + " failed");
                }
            }
        } catch (IOException e) {
            throw failure("write", dst, e);
        }
    }

    private static UncheckedIOException failure(String what, Path where, IOException e) {
        return new UncheckedIOException("cannot " + what + " " + where + ": " + e.getMessage(), e);
    }
}
