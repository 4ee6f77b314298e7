package dev.imagescan.image;

import dev.imagescan.common.ImageScanException;

/** The input is not an image we can read: not an archive or layout, a missing or malformed manifest, a missing blob. */
public class ImageFormatException extends ImageScanException {
    private static final long serialVersionUID = 1L;

    public ImageFormatException(String message) {
        super(message);
    }

    public ImageFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
