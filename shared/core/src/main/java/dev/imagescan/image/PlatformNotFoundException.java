package dev.imagescan.image;

/** A multi-platform image has no manifest for the platform asked for. */
public class PlatformNotFoundException extends ImageFormatException {
    private static final long serialVersionUID = 1L;

    public PlatformNotFoundException(String message) {
        super(message);
    }
}
