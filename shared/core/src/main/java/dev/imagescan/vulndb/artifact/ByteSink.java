package dev.imagescan.vulndb.artifact;

import java.util.Arrays;

/** A growable big-endian byte buffer with the artifact's encodings: u8, u32, u64, varints, doubles, times. */
final class ByteSink {
    private byte[] bytes;
    private int size;

    ByteSink(int initialCapacity) {
        bytes = new byte[Math.max(16, initialCapacity)];
    }

    int size() {
        return size;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    void u8(int v) {
        ensure(1);
        bytes[size++] = (byte) v;
    }

    void u16(int v) {
        ensure(2);
        bytes[size++] = (byte) (v >>> 8);
        bytes[size++] = (byte) v;
    }

    void u32(long v) {
        if (v < 0 || v > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("does not fit in u32: " + v);
        }
        ensure(4);
        for (int shift = 24; shift >= 0; shift -= 8) {
            bytes[size++] = (byte) (v >>> shift);
        }
    }

    void u64(long v) {
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            bytes[size++] = (byte) (v >>> shift);
        }
    }

    /** Unsigned LEB128: seven bits a byte, low first, high bit set on all but the last. */
    void varint(long v) {
        if (v < 0) {
            throw new IllegalArgumentException("negative varint " + v);
        }
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            bytes[size++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        bytes[size++] = (byte) v;
    }

    /** A signed value as a varint, zigzag-encoded (0, -1, 1, -2 ... become 0, 1, 2, 3 ...). */
    void zigzag(long v) {
        varint((v << 1) ^ (v >> 63));
    }

    void bytes(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, bytes, size, len);
        size += len;
    }

    void bytes(ByteSink other) {
        bytes(other.bytes, 0, other.size);
    }

    /** Overwrites four bytes at {@code at} with a u32. */
    void u32At(int at, long v) {
        for (int i = 0; i < 4; i++) {
            bytes[at + i] = (byte) (v >>> (24 - 8 * i));
        }
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            long grown = Math.max((long) bytes.length * 2, (long) size + more);
            if (grown > DatabaseFormat.MAX_PAYLOAD_BYTES) {
                if ((long) size + more > DatabaseFormat.MAX_PAYLOAD_BYTES) {
                    throw new IllegalStateException("database payload over " + DatabaseFormat.MAX_PAYLOAD_BYTES
                            + " bytes");
                }
                grown = DatabaseFormat.MAX_PAYLOAD_BYTES;
            }
            bytes = Arrays.copyOf(bytes, (int) grown);
        }
    }
}
