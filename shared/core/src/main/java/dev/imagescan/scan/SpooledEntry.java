package dev.imagescan.scan;

import dev.imagescan.common.ScratchSpace;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An encoded layer cache entry on its way to the cache: written once through {@link #output()}, in memory while small,
 * moved to a scratch file past {@value #IN_MEMORY_BYTES} bytes; then read as often as the cache needs. {@link #close()}
 * deletes the file.
 */
final class SpooledEntry implements LayerCache.Entry, Closeable {
    static final int IN_MEMORY_BYTES = 1 << 20;

    private final ScratchSpace scratch;
    private final ByteArrayOutputStream memory = new ByteArrayOutputStream();
    private Path file;
    private OutputStream fileOut;
    private long length;
    private boolean finished;

    SpooledEntry(ScratchSpace scratch) {
        this.scratch = scratch;
    }

    /** Where the entry is written; closing it finishes the entry. */
    OutputStream output() {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (finished) {
                    throw new IOException("the entry is finished");
                }
                if (fileOut == null && memory.size() + len > IN_MEMORY_BYTES) {
                    file = scratch.newFile("entry");
                    fileOut = Files.newOutputStream(file);
                    memory.writeTo(fileOut);
                    memory.reset();
                }
                if (fileOut != null) {
                    fileOut.write(b, off, len);
                } else {
                    memory.write(b, off, len);
                }
                length += len;
            }

            @Override
            public void close() throws IOException {
                finished = true;
                if (fileOut != null) {
                    fileOut.close();
                }
            }
        };
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public InputStream open() throws IOException {
        if (!finished) {
            throw new IllegalStateException("the entry is still being written");
        }
        return file != null ? Files.newInputStream(file) : new ByteArrayInputStream(memory.toByteArray());
    }

    @Override
    public void close() throws IOException {
        if (fileOut != null) {
            fileOut.close();
        }
        if (file != null) {
            Files.deleteIfExists(file);
        }
    }
}
