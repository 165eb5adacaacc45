package org.tapweight.molecule.data;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tapweight.core.record.AtomicFiles;

/**
 * A cache file that is verified before it is used: a format tag, the key it was built for (the
 * source data's checksum and every setting that shapes the content), the gzip-compressed payload,
 * and a SHA-256 over all of that at the end. A file that fails any check (a flipped byte, a
 * truncation, an edit without a new hash, another key, a payload that does not parse) is never
 * used: the caller is warned (logged and counted) and rebuilds it. Writes are atomic.
 */
public final class CacheFile {

    /** How a payload is written. */
    @FunctionalInterface
    public interface PayloadWriter {
        void write(CacheOutput out) throws IOException;
    }

    /** How a payload is read back; throws IOException when it does not parse. */
    @FunctionalInterface
    public interface PayloadReader<T> {
        T read(CacheInput in) throws IOException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(CacheFile.class);
    private static final byte[] MAGIC = "TWCACHE2".getBytes(StandardCharsets.US_ASCII);
    private static final int HASH_BYTES = 32;
    /** Larger than any cache this project writes; a bigger file or payload is damaged, not read into memory. */
    static final long MAX_BYTES = 1L << 30;
    private static final AtomicInteger REJECTED = new AtomicInteger();

    private CacheFile() {
    }

    /** How many cache files this process found damaged or stale and rebuilt. */
    public static int rejectedSoFar() {
        return REJECTED.get();
    }

    /**
     * The verified content of {@code file} built for {@code key}, or null when there is no such
     * file or it fails a check (then {@code warnings} is told why, and the caller rebuilds it).
     */
    public static <T> T read(Path file, String key, PayloadReader<T> reader, Consumer<String> warnings) {
        try {
            return reader.read(new CacheInput(ByteBuffer.wrap(verifiedPayload(file, key))));
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException | RuntimeException e) {
            REJECTED.incrementAndGet();
            String warning = "cache file " + file + " not used (" + e.getMessage() + "); rebuilding it";
            LOG.warn(warning);
            warnings.accept(warning);
            return null;
        }
    }

    /** Writes {@code file} for {@code key} atomically. */
    public static void write(Path file, String key, PayloadWriter writer) throws IOException {
        AtomicFiles.write(file, raw -> {
            MessageDigest digest = sha256();
            OutputStream hashed = new DigestOutputStream(raw, digest);
            DataOutputStream header = new DataOutputStream(hashed);
            header.write(MAGIC);
            byte[] k = key.getBytes(StandardCharsets.UTF_8);
            header.writeInt(k.length);
            header.write(k);
            header.flush();
            GZIPOutputStream gz = new GZIPOutputStream(new FilterOutputStream(hashed) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                }

                @Override
                public void close() {
                    // the hash still follows
                }
            }, 1 << 16);
            CacheOutput out = new CacheOutput(gz);
            writer.write(out);
            out.flush();
            gz.finish();
            hashed.flush();
            raw.write(digest.digest());
        });
    }

    private static byte[] verifiedPayload(Path file, String key) throws IOException {
        long size = Files.size(file);
        if (size > MAX_BYTES) {
            throw new IOException(size + " bytes, more than a cache file can have");
        }
        byte[] all = Files.readAllBytes(file);
        if (all.length < MAGIC.length + 4 + HASH_BYTES || !Arrays.equals(all, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new IOException("not a cache file of this format");
        }
        int body = all.length - HASH_BYTES;
        MessageDigest digest = sha256();
        digest.update(all, 0, body);
        if (!Arrays.equals(digest.digest(), 0, HASH_BYTES, all, body, all.length)) {
            throw new IOException("its SHA-256 does not match its content: damaged or edited");
        }
        CacheInput header = new CacheInput(ByteBuffer.wrap(all, MAGIC.length, body - MAGIC.length));
        String builtFor = header.readString();
        if (!builtFor.equals(key)) {
            throw new IOException("built for other data or settings: " + builtFor);
        }
        int start = body - header.remaining();
        return gunzip(new ByteArrayInputStream(all, start, body - start));
    }

    private static byte[] gunzip(InputStream compressed) throws IOException {
        try (InputStream in = new GZIPInputStream(compressed)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[1 << 16];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                out.write(buffer, 0, n);
                if (out.size() > MAX_BYTES) {
                    throw new IOException("the payload is larger than a cache file can hold");
                }
            }
            return out.toByteArray();
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
