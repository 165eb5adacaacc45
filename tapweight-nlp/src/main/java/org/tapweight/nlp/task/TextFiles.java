package org.tapweight.nlp.task;

import java.nio.file.Files;
import java.nio.file.Path;
import org.tapweight.core.data.DataFiles;

/** Resolves project files named in settings (a tokenizer, a corpus) from the working folder or the repository root. */
final class TextFiles {

    private TextFiles() {
    }

    /** An absolute path, a path that exists from the working folder, or else a path under the repository root. */
    static Path resolve(String name) {
        Path p = Path.of(name);
        if (p.isAbsolute() || Files.exists(p)) {
            return p;
        }
        Path root = DataFiles.dataRoot().toAbsolutePath().getParent();
        return root == null ? p : root.resolve(name);
    }
}
