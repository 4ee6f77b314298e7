package dev.imagescan.store;

/** The object or item an operation needs does not exist (an object key, a scan id, a claim). */
public final class NotFoundException extends StoreException {
    private static final long serialVersionUID = 1L;

    public NotFoundException(String message) {
        super(message, null, false);
    }

    public NotFoundException(String message, Throwable cause) {
        super(message, cause, false);
    }
}
