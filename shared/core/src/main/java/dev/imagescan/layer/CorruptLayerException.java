package dev.imagescan.layer;

import dev.imagescan.common.ImageScanException;

/** A layer's bytes cannot be read to the end: truncated or corrupt compression, a broken tar, an entry escaping the root. */
public class CorruptLayerException extends ImageScanException {
    private static final long serialVersionUID = 1L;

    public CorruptLayerException(String message) {
        super(message);
    }

    public CorruptLayerException(String message, Throwable cause) {
        super(message, cause);
    }
}
