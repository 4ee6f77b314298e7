package dev.imagescan.store;

/**
 * The service behind the store answered that it does not implement something the call needs (an S3-compatible
 * server without object tagging, say). Nothing was written. Not retryable: the same call will keep failing there.
 */
public final class UnsupportedFeatureException extends StoreException {
    private static final long serialVersionUID = 1L;

    public UnsupportedFeatureException(String message, Throwable cause) {
        super(message, cause, false);
    }
}
