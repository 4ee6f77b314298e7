package dev.imagescan.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorInputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorOutputStream;

/** How a layer blob is compressed, with its OCI layer media type. */
public enum Compression {
    NONE(MediaTypes.OCI_LAYER_TAR),
    GZIP(MediaTypes.OCI_LAYER_TAR_GZIP),
    ZSTD(MediaTypes.OCI_LAYER_TAR_ZSTD);

    private final String ociMediaType;

    Compression(String ociMediaType) {
        this.ociMediaType = ociMediaType;
    }

    /** The OCI layer media type for a tar compressed this way. */
    public String ociMediaType() {
        return ociMediaType;
    }

    /**
      * A compressing stream over {@code out}. Closing the returned stream finishes the compressed
      * stream and closes {@code out}. Output is deterministic: gzip with mtime 0, no file name, OS
      * "unknown" (255, as Go's compress/gzip writes); zstd level 3 without checksum.
      */
    public OutputStream compress(OutputStream out) throws IOException {
        switch (this) {
            case NONE:
                return out;
            case GZIP:
                GzipParameters p = new GzipParameters();
                p.setModificationInstant(Instant.EPOCH);
                p.setOperatingSystem(255);
                p.setCompressionLevel(6);
                return new GzipCompressorOutputStream(out, p);
            case ZSTD:
                return ZstdCompressorOutputStream.builder().setOutputStream(out).setLevel(3).get();
            default:
                throw new AssertionError(this);
        }
    }

    /** A decompressing stream over {@code in} (gzip: concatenated members are read too). */
    public InputStream decompress(InputStream in) throws IOException {
        switch (this) {
            case NONE:
                return in;
            case GZIP:
                return GzipCompressorInputStream.builder().setInputStream(in).setDecompressConcatenated(true).get();
            case ZSTD:
                return new ZstdCompressorInputStream(in);
            default:
                throw new AssertionError(this);
        }
    }

    /** The compression a layer media type names (OCI or Docker), or null if it names none we know. */
    public static Compression fromMediaType(String mediaType) {
        switch (mediaType) {
            case MediaTypes.OCI_LAYER_TAR:
            case MediaTypes.OCI_LAYER_NONDISTRIBUTABLE_TAR:
            case MediaTypes.DOCKER_LAYER_TAR:
                return NONE;
            case MediaTypes.OCI_LAYER_TAR_GZIP:
            case MediaTypes.OCI_LAYER_NONDISTRIBUTABLE_TAR_GZIP:
            case MediaTypes.DOCKER_LAYER_TAR_GZIP:
            case MediaTypes.DOCKER_FOREIGN_LAYER_TAR_GZIP:
                return GZIP;
            case MediaTypes.OCI_LAYER_TAR_ZSTD:
            case MediaTypes.OCI_LAYER_NONDISTRIBUTABLE_TAR_ZSTD:
                return ZSTD;
            default:
                return null;
        }
    }

    /** Sniffs the compression from the first bytes of a blob (gzip 1f 8b, zstd 28 b5 2f fd), else NONE. */
    public static Compression sniff(byte[] head) {
        if (head.length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
            return GZIP;
        }
        if (head.length >= 4
                && (head[0] & 0xff) == 0x28
                && (head[1] & 0xff) == 0xb5
                && (head[2] & 0xff) == 0x2f
                && (head[3] & 0xff) == 0xfd) {
            return ZSTD;
        }
        return NONE;
    }
}
