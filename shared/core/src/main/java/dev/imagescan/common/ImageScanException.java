package dev.imagescan.common;

/**
 * A scan that cannot produce a trustworthy result: the input is not an image, is corrupt, truncated,
 * hostile or over a limit. The message is one line meant for the user; it names the file, layer or
 * blob at fault. Subclasses say which kind of problem it is. Only images: the other inputs have their own
 * {@link BadInputException} subclasses.
 */
public class ImageScanException extends BadInputException {
    private static final long serialVersionUID = 1L;

    public ImageScanException(String message) {
        super(message);
    }

    public ImageScanException(String message, Throwable cause) {
        super(message, cause);
    }
}
