package dev.imagescan.vulndb.artifact;

import dev.imagescan.common.BadInputException;

/**
 * A file that is not a usable vulnerability database: not one at all (wrong magic), of a format version this build
 * does not read, truncated, with trailing bytes, failing its checksum, or inconsistent inside. The message is one
 * line for the user. A database is never read "as far as it goes": any of these refuses it whole.
 */
public final class DatabaseFormatException extends BadInputException {
    private static final long serialVersionUID = 1L;

    public DatabaseFormatException(String message) {
        super(message);
    }

    public DatabaseFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
