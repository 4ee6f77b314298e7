package dev.imagescan.vulndb.fetch;

import dev.imagescan.common.BadInputException;

/**
 * A severity, exploitation or advisory feed that cannot be used as it is: not the format it should be, a field of the
 * wrong kind, over a limit. One line naming the feed and where in it; the same input fails the same way every time.
 */
public final class FeedFormatException extends BadInputException {
    public FeedFormatException(String message) {
        super(message);
    }

    public FeedFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
