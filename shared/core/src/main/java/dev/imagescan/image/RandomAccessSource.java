package dev.imagescan.image;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/**
 * Bytes that can be read from any offset without reading what comes before: a local file, or an object in S3 read
 * with ranged GETs. An image archive is scanned from one with
 * {@link ImageOpener#open(RandomAccessSource, Platform, dev.imagescan.common.ScratchSpace)}: its table of contents costs a
 * few small reads (about one per tar header that follows a layer blob), and each layer blob one read of exactly its
 * bytes.
 *
 * <p>Implementations are thread-safe: layers are read in parallel, each through a stream of its own.
 */
public interface RandomAccessSource extends Closeable {

    /** The number of bytes the source has. */
    long size();

    /**
     * A stream of the {@code length} bytes from {@code offset}: one ranged read, whose bytes the caller reads to the
     * end or closes early. The range lies within {@link #size()}; a source that turns out shorter ends the stream
     * early, which the caller reports as truncation.
     */
    InputStream open(long offset, long length) throws IOException;

    /** A short name of the source for messages, which also names the scanned image (e.g. the archive's file name). */
    String describe();

    /** Releases what the source holds; whoever created the source closes it. */
    @Override
    default void close() throws IOException {}

    /** Checks that {@code [offset, offset + length)} lies within a source of {@code size} bytes. */
    static void checkRange(long offset, long length, long size) {
        if (offset < 0 || length < 0 || offset > size || length > size - offset) {
            throw new IndexOutOfBoundsException("range [" + offset + ", +" + length + ") outside a source of " + size + " bytes");
        }
    }
}
