package dev.imagescan.layer;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/** Counts and (optionally) hashes every byte read through it, in bulk, and reads to the end on demand. */
class HashingInputStream extends FilterInputStream {
    private final MessageDigest hasher;
    /** Read by another thread for the compression ratio check. */
    private volatile long count;

    HashingInputStream(InputStream in, MessageDigest hasher) {
        super(in);
        this.hasher = hasher;
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            count++;
            if (hasher != null) {
                hasher.update((byte) b);
            }
            afterRead(1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            count += n;
            if (hasher != null) {
                hasher.update(b, off, n);
            }
            afterRead(n);
        }
        return n;
    }

    /** Reading is hashing: skipping reads the bytes too. */
    @Override
    public long skip(long n) throws IOException {
        byte[] buffer = new byte[(int) Math.min(n, 64 * 1024)];
        long skipped = 0;
        while (skipped < n) {
            int r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    /** Hook for subclasses that bound the count. */
    void afterRead(int n) throws IOException {}

    /** Reads whatever is left, so the hash covers the whole stream. */
    void drain() throws IOException {
        byte[] buffer = new byte[64 * 1024];
        while (read(buffer, 0, buffer.length) >= 0) {
            // hashing
        }
    }

    long count() {
        return count;
    }

    byte[] digest() {
        return hasher.digest();
    }
}
