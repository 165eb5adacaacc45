package org.tapweight.core.data;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.tapweight.api.plugin.ConfigurationException;

/**
 * The one way every data reader opens a text file, so that they all treat the same faults the same
 * way: {@code .gz} is decompressed, the text must be valid UTF-8 (decoding is strict, never a silent
 * replacement character), a leading byte-order mark is dropped (spreadsheet programs write one), and
 * every failure is a {@link ConfigurationException} naming the file and, where it can be known, the
 * line.
 */
public final class TextInput {

    private TextInput() {
    }

    /** Opens {@code file} for reading as strict UTF-8 without its byte-order mark; the caller closes it. */
    public static Reader open(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        if (isGzip(file)) {
            in = new GZIPInputStream(in, 1 << 16);
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        return skipByteOrderMark(new BufferedReader(new InputStreamReader(in, decoder), 1 << 16));
    }

    /** Every line of {@code file} (no line terminators, no byte-order mark); errors name the file and line. */
    public static List<String> readLines(Path file) {
        List<String> lines = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(open(file))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines.add(line);
            }
            return lines;
        } catch (IOException e) {
            throw failure(file, lines.size() + 1, e);
        }
    }

    /**
     * The error for an {@link IOException} met while reading {@code file} near {@code line}: a
     * decoding error is located exactly (the reader decodes ahead, so {@code line} may be early), a
     * damaged or truncated gzip stream and anything else name the file and the line reached.
     */
    public static ConfigurationException failure(Path file, long line, IOException e) {
        if (e instanceof CharacterCodingException) {
            return new ConfigurationException(invalidUtf8(file));
        }
        if (isGzip(file) && (e instanceof EOFException || e instanceof ZipException)) {
            return new ConfigurationException(file + ", near line " + line + ": the gzip data is truncated or damaged ("
                    + e.getMessage() + "); decompress it with gzip -t to check, or replace the file", e);
        }
        if (e instanceof FileSystemException) {
            return new ConfigurationException(FileErrors.describe(e), e); // a failure to open: the line says nothing
        }
        return new ConfigurationException(file + ", near line " + line + ": cannot read: " + FileErrors.describe(e), e);
    }

    static Reader skipByteOrderMark(BufferedReader reader) throws IOException {
        reader.mark(1);
        if (reader.read() != '\uFEFF') {
            reader.reset();
        }
        return reader;
    }

    private static boolean isGzip(Path file) {
        return file.getFileName().toString().endsWith(".gz");
    }

    /** Finds the first line that is not valid UTF-8, for the message (a second, byte-level pass). */
    private static String invalidUtf8(Path file) {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file));
             InputStream in = isGzip(file) ? new GZIPInputStream(raw) : raw) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            long lineNo = 1;
            for (int b = in.read(); ; b = in.read()) {
                if (b == '\n' || b < 0) {
                    int bad = firstInvalidByte(line.toByteArray());
                    if (bad >= 0) {
                        return file + ", line " + lineNo + ", byte " + (bad + 1) + " of the line: not valid UTF-8 (byte 0x"
                                + String.format("%02X", line.toByteArray()[bad]) + "); save the file as UTF-8";
                    }
                    if (b < 0) {
                        break;
                    }
                    line.reset();
                    lineNo++;
                } else {
                    line.write(b);
                }
            }
        } catch (IOException ignored) {
            // fall through to the general message
        }
        return file + ": not valid UTF-8; save the file as UTF-8";
    }

    private static int firstInvalidByte(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(bytes.length + 1);
        java.nio.charset.CoderResult r = decoder.decode(in, out, true);
        if (r.isError()) {
            return in.position();
        }
        return -1;
    }
}
