package dev.imagescan.image;

/** A manifest, config or layer has a media type this scanner does not read (encrypted layers, non-image artifacts). */
public class UnsupportedMediaTypeException extends ImageFormatException {
    private static final long serialVersionUID = 1L;

    public UnsupportedMediaTypeException(String message) {
        super(message);
    }
}
