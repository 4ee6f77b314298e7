package dev.imagescan.testing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/** gzip helpers, and the gzip bomb layer. */
public final class Gzip {
    private Gzip() {}

    /**
      * A gzip layer whose tar holds one file, {@code bomb}, of {@code uncompressedZeros} zero bytes.
      * Generated streaming: only the compressed blob (about 1 MiB per GiB of zeros) is held in
      * memory, so a 1 GiB bomb needs no 1 GiB heap. Its diffID is exact (computed on the fly).
      */
    public static BuiltLayer bomb(long uncompressedZeros) {
        return HostileLayers.bomb(uncompressedZeros, Compression.GZIP);
    }

    /** gzip of the bytes (deterministic, as {@link Compression#GZIP} writes). */
    public static byte[] compress(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream gz = Compression.GZIP.compress(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** gunzip of the bytes (concatenated members too). */
    public static byte[] decompress(byte[] gzip) {
        try (InputStream in = Compression.GZIP.decompress(new ByteArrayInputStream(gzip))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
