package org.tapweight.core.data;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Locale;

/**
 * Says in words what a file-system failure was. Java's file exceptions often carry only the path as
 * their message ({@code AccessDeniedException: runs/x}), which reads as if the path itself were the
 * problem.
 */
public final class FileErrors {

    private FileErrors() {
    }

    /** A one-line description of {@code e} naming the file(s) involved and, where known, what to do. */
    public static String describe(IOException e) {
        if (e instanceof FileSystemException f) {
            return describe(f);
        }
        if (e instanceof FileNotFoundException) {
            return "cannot open " + e.getMessage(); // "path (Permission denied)", "path (No such file or directory)"
        }
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return e.getClass().getSimpleName();
        }
        String known = byReason(message, null);
        return known != null ? known : message;
    }

    private static String describe(FileSystemException e) {
        String file = e.getFile() == null ? "a file" : e.getFile();
        String other = e.getOtherFile() == null ? "" : " (with " + e.getOtherFile() + ")";
        if (e instanceof AccessDeniedException) {
            return "cannot read or write " + file + other + ": permission denied (is it, or its folder, read-only or owned "
                    + "by another user?)";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or folder: " + file + other;
        }
        if (e instanceof FileAlreadyExistsException) {
            return "cannot create " + file + other + ": something of that name already exists (a file where a folder is "
                    + "needed?)";
        }
        if (e instanceof NotDirectoryException) {
            return file + " is not a folder";
        }
        if (e instanceof DirectoryNotEmptyException) {
            return "cannot remove or replace " + file + ": the folder is not empty";
        }
        String known = e.getReason() == null ? null : byReason(e.getReason(), file + other);
        if (known != null) {
            return known;
        }
        return file + other + (e.getReason() == null ? ": " + e.getClass().getSimpleName() : ": " + e.getReason());
    }

    /** The operating system's reason (its {@code strerror} text) in words, or null for one not listed. */
    private static String byReason(String reason, String file) {
        String r = reason.toLowerCase(Locale.ROOT);
        String target = file == null ? "" : " " + file;
        if (r.contains("no space left")) {
            return "cannot write" + target + ": no space left on the device (free some space or choose another folder)";
        }
        if (r.contains("quota exceeded")) {
            return "cannot write" + target + ": disk quota exceeded";
        }
        if (r.contains("read-only file system")) {
            return "cannot write" + target + ": the file system is read-only";
        }
        if (r.contains("not a directory") && file != null) {
            return "cannot use " + file + ": a part of the path is a file, not a folder";
        }
        if (r.contains("permission denied") && file != null) {
            return "cannot read or write " + file + ": permission denied";
        }
        return null;
    }
}
