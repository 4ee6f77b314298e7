package dev.imagescan.layer;

import dev.imagescan.common.ScratchSpace;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The content of one file kept from a layer: in memory when small, spooled to the scan's scratch space when large
 * (rpm databases). Immutable once captured.
 */
public final class CapturedFile {
    private final byte[] bytes;
    private final Path spooled;
    private final long size;

    private CapturedFile(byte[] bytes, Path spooled, long size) {
        this.bytes = bytes;
        this.spooled = spooled;
        this.size = size;
    }

    public static CapturedFile ofBytes(byte[] bytes) {
        return new CapturedFile(bytes, null, bytes.length);
    }

    static CapturedFile ofSpooled(Path file, long size) {
        return new CapturedFile(null, file, size);
    }

    public long size() {
        return size;
    }

    /** All the bytes; for files that fit comfortably in memory (text databases, release files). */
    public byte[] bytes() {
        if (bytes != null) {
            return bytes;
        }
        if (size > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("file of " + size + " bytes is too large to hold in memory");
        }
        try {
            return Files.readAllBytes(spooled);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The content as a stream, never all in memory when it was spooled. */
    public InputStream open() throws IOException {
        return bytes != null ? new ByteArrayInputStream(bytes) : Files.newInputStream(spooled);
    }

    /** The content as a file on disk (for readers that need random access), spooled first if it is in memory. */
    public Path file(ScratchSpace scratch) throws IOException {
        if (spooled != null) {
            return spooled;
        }
        Path out = scratch.newFile("file");
        Files.write(out, bytes);
        return out;
    }
}
