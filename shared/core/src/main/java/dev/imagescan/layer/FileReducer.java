package dev.imagescan.layer;

import java.io.IOException;
import java.io.InputStream;

/**
 * Turns a file met while a layer streams by into the little an analyzer needs of it (a Java archive into its
 * artifacts and SHA-1, a Go binary into its build information), so a large file is never held or cached whole.
 * Implementations are stateless and thread-safe, read {@code in} forward only, and are bounded in the memory they use
 * whatever the file holds; their output is part of what the layer cache stores, so it is covered by the analyzer's
 * version.
 */
@FunctionalInterface
public interface FileReducer {

    /**
     * What to keep of the file at {@code path} (from the root, no leading slash), whose {@code size} bytes are in
     * {@code in} (which it need not read to the end and must not close); null to keep nothing.
     */
    byte[] reduce(String path, InputStream in, long size) throws IOException;
}
