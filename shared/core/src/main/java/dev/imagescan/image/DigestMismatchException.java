package dev.imagescan.image;

import dev.imagescan.common.ImageScanException;

/** The bytes of a blob or layer do not hash to the digest the image promises. */
public class DigestMismatchException extends ImageScanException {
    private static final long serialVersionUID = 1L;

    public DigestMismatchException(String message) {
        super(message);
    }
}
