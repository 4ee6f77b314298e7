package dev.imagescan.testing;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 helpers in the OCI digest form {@code sha256:<64 lowercase hex>}. */
public final class Digests {
    public static final String SHA256_PREFIX = "sha256:";

    private Digests() {}

    public static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Lowercase hex SHA-256 of the bytes. */
    public static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(newSha256().digest(bytes));
    }

    /** {@code sha256:<hex>} of the bytes. */
    public static String sha256(byte[] bytes) {
        return SHA256_PREFIX + sha256Hex(bytes);
    }

    /** {@code sha256:<hex>} of everything the stream yields (the stream is read to its end, not closed). */
    public static String sha256(InputStream in) throws IOException {
        MessageDigest md = newSha256();
        byte[] buf = new byte[64 * 1024];
        int n;
        while ((n = in.read(buf)) != -1) {
            md.update(buf, 0, n);
        }
        return SHA256_PREFIX + HexFormat.of().formatHex(md.digest());
    }

    /** {@code sha256:<hex>} of a file's content, streamed. */
    public static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return sha256(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The hex part of {@code sha256:<hex>}; rejects anything else. */
    public static String hex(String digest) {
        if (!digest.startsWith(SHA256_PREFIX) || digest.length() != SHA256_PREFIX.length() + 64) {
            throw new IllegalArgumentException("not a sha256 digest: " + digest);
        }
        return digest.substring(SHA256_PREFIX.length());
    }

    /** An output stream that hashes and counts what passes through it. */
    public static final class HashingOutputStream extends FilterOutputStream {
        private final MessageDigest md = newSha256();
        private long count;
        private final boolean closeTarget;

        /** @param closeTarget whether {@link #close()} closes {@code out} */
        public HashingOutputStream(OutputStream out, boolean closeTarget) {
            super(out);
            this.closeTarget = closeTarget;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            md.update((byte) b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            md.update(b, off, len);
            count += len;
        }

        public long count() {
            return count;
        }

        /** {@code sha256:<hex>} of what was written; call once, after the last write. */
        public String digest() {
            return SHA256_PREFIX + HexFormat.of().formatHex(md.digest());
        }

        @Override
        public void close() throws IOException {
            flush();
            if (closeTarget) {
                out.close();
            }
        }
    }

    /** Wraps a stream so that closing the wrapper only flushes: for compressors that insist on closing. */
    static OutputStream nonClosing(OutputStream out) {
        return new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                out.flush();
            }
        };
    }

    /** An output stream that discards everything (for hashing-only passes). */
    static OutputStream discard() {
        return OutputStream.nullOutputStream();
    }
}
