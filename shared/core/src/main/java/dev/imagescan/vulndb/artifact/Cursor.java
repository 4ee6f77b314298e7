package dev.imagescan.vulndb.artifact;

import java.time.Instant;

/**
 * Reads the artifact's encodings from a byte array, forward from a position, never past {@code end}: a read that
 * would is an {@link IndexOutOfBoundsException}, which the database turns into a format error.
 */
final class Cursor {
    private final byte[] bytes;
    private final int end;
    private int pos;

    Cursor(byte[] bytes, int pos, int end) {
        this.bytes = bytes;
        this.pos = pos;
        this.end = end;
    }

    int position() {
        return pos;
    }

    int u8() {
        check(1);
        return bytes[pos++] & 0xFF;
    }

    int u16() {
        check(2);
        int v = ((bytes[pos] & 0xFF) << 8) | (bytes[pos + 1] & 0xFF);
        pos += 2;
        return v;
    }

    long u32() {
        check(4);
        long v = 0;
        for (int i = 0; i < 4; i++) {
            v = (v << 8) | (bytes[pos++] & 0xFF);
        }
        return v;
    }

    long u64() {
        check(8);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (bytes[pos++] & 0xFF);
        }
        return v;
    }

    /** A u32 that must fit an int (offsets, counts, indexes). */
    int u32Int() {
        long v = u32();
        if (v > Integer.MAX_VALUE) {
            throw new IndexOutOfBoundsException("value " + v + " out of range");
        }
        return (int) v;
    }

    long varlong() {
        int p = pos;
        if (p >= end) {
            throw new IndexOutOfBoundsException("read past the end of a section");
        }
        byte b = bytes[p++];
        if (b >= 0) {
            pos = p;
            return b;
        }
        long v = b & 0x7F;
        for (int shift = 7; shift < 64; shift += 7) {
            if (p >= end) {
                throw new IndexOutOfBoundsException("read past the end of a section");
            }
            b = bytes[p++];
            v |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                pos = p;
                return v;
            }
        }
        throw new IndexOutOfBoundsException("varint longer than 10 bytes");
    }

    /** A varint that must fit an int (counts, offsets, indexes). */
    int varint() {
        long v = varlong();
        if (v < 0 || v > Integer.MAX_VALUE) {
            throw new IndexOutOfBoundsException("varint " + v + " out of range");
        }
        return (int) v;
    }

    /** A count of items that each take at least one more byte: bounded by what is left, so no huge allocation. */
    int count() {
        int n = varint();
        if (n > end - pos) {
            throw new IndexOutOfBoundsException("count " + n + " larger than the " + (end - pos) + " bytes left");
        }
        return n;
    }

    long zigzag() {
        long v = varlong();
        return (v >>> 1) ^ -(v & 1);
    }

    Instant time() {
        long seconds = zigzag();
        int nanos = varint();
        return Instant.ofEpochSecond(seconds, nanos);
    }

    double float64() {
        return Double.longBitsToDouble(u64());
    }

    private void check(int n) {
        if (pos + n > end || pos < 0) {
            throw new IndexOutOfBoundsException("read past the end of a section");
        }
    }
}
