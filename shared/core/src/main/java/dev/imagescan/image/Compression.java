package dev.imagescan.image;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/**
 * How a blob's bytes are compressed, recognised from its first bytes (never only from its media type).
 */
public enum Compression {
    NONE,
    GZIP,
    ZSTD,
    BZIP2,
    XZ;

    /** Bytes of lookahead {@link #detect} wants. */
    public static final int MAGIC_BYTES = 6;

    private static final int BUFFER = 64 * 1024;

    /** The compression whose magic number {@code head} starts with; NONE when it matches none. */
    public static Compression detect(byte[] head, int length) {
        if (length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
            return GZIP;
        }
        if (length >= 4 && (head[0] & 0xff) == 0x28 && (head[1] & 0xff) == 0xb5 && (head[2] & 0xff) == 0x2f
                && (head[3] & 0xff) == 0xfd) {
            return ZSTD;
        }
        if (length >= 3 && head[0] == 'B' && head[1] == 'Z' && head[2] == 'h') {
            return BZIP2;
        }
        if (length >= 6 && (head[0] & 0xff) == 0xfd && head[1] == '7' && head[2] == 'z' && head[3] == 'X'
                && head[4] == 'Z' && head[5] == 0) {
            return XZ;
        }
        return NONE;
    }

    /** Whether layers may use this compression (the OCI spec allows none, gzip and zstd). */
    public boolean supported() {
        return this == NONE || this == GZIP || this == ZSTD;
    }

    /** A stream of the decompressed bytes of {@code in}. */
    public InputStream decompress(InputStream in) throws IOException {
        return switch (this) {
            case NONE -> in;
            case GZIP -> new GZIPInputStream(in, BUFFER);
            case ZSTD -> new ZstdInputStreamNoFinalizer(in).setContinuous(false);
            default -> throw new IOException(name().toLowerCase() + " compression is not supported");
        };
    }

    @Override
    public String toString() {
        return name().toLowerCase();
    }
}
