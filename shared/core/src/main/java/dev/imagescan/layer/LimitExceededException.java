package dev.imagescan.layer;

import dev.imagescan.common.ImageScanException;

/** Reading went past a configured bound (layer size, compression ratio, file size): likely a bomb or a hostile input. */
public class LimitExceededException extends ImageScanException {
    private static final long serialVersionUID = 1L;

    public LimitExceededException(String message) {
        super(message);
    }
}
