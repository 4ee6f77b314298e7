package dev.imagescan.image;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/**
 * The files of an image source, addressed by their path inside it ({@code manifest.json},
 * {@code blobs/sha256/…}): an archive tar or a layout directory.
 */
public interface BlobStore extends Closeable {

    /** A short name of the source for messages, e.g. the archive's file name. */
    String describe();

    /** The size of the regular file at {@code path} (links followed), or -1 when there is none. */
    long size(String path);

    default boolean exists(String path) {
        return size(path) >= 0;
    }

    /** Opens the file at {@code path}; a missing file is an {@link ImageFormatException}. */
    InputStream open(String path) throws IOException;
}
