package dev.imagescan.analyzer.rpm;

/**
 * A broken or unsupported rpm database, or a malformed package header. The message names the file (or the header)
 * and what is wrong with it.
 */
public class RpmDatabaseException extends Exception {

    private static final long serialVersionUID = 1L;

    public RpmDatabaseException(String message) {
        super(message);
    }

    public RpmDatabaseException(String message, Throwable cause) {
        super(message, cause);
    }
}
