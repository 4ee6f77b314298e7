package dev.imagescan.layer;

import java.io.IOException;

/**
 * A layer cache entry that cannot be used: corrupt, truncated, of another format version, made for another layer or
 * analyzer key; or layer contents that cannot be written as one. The scan then reads the layer itself.
 */
public final class CacheEntryException extends IOException {
    private static final long serialVersionUID = 1L;

    public CacheEntryException(String message) {
        super(message);
    }

    public CacheEntryException(String message, Throwable cause) {
        super(message, cause);
    }
}
