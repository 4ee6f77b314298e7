package dev.imagescan.store.aws;

import java.io.InputStream;
import java.security.MessageDigest;

/**
 * {@code size} pseudo-random bytes computed as they are read, never held: the byte at position p depends only on
 * (seed, p), so {@link #bytesAt} can check any range afterwards. Everything read also goes into {@code digest}.
 */
final class GeneratedStream extends InputStream {
    private final long size;
    private final long seed;
    private final MessageDigest digest;
    private long position;

    GeneratedStream(long size, long seed, MessageDigest digest) {
        this.size = size;
        this.seed = seed;
        this.digest = digest;
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        if (position >= size) {
            return -1;
        }
        int n = (int) Math.min(length, size - position);
        for (int i = 0; i < n; i++) {
            buffer[offset + i] = byteAt(seed, position + i);
        }
        digest.update(buffer, offset, n);
        position += n;
        return n;
    }

    /** The {@code length} bytes from {@code from} of the stream of this size and seed. */
    static byte[] bytesAt(long size, long seed, long from, int length) {
        if (from + length > size) {
            throw new IllegalArgumentException("range past the end");
        }
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            out[i] = byteAt(seed, from + i);
        }
        return out;
    }

    private static byte byteAt(long seed, long position) {
        long z = seed + (position >>> 3) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        return (byte) (z >>> ((position & 7) * 8));
    }
}
