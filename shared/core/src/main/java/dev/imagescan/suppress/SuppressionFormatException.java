package dev.imagescan.suppress;

import dev.imagescan.common.BadInputException;

/** An ignore file or VEX document that cannot be used; the message names the file and the entry at fault. */
public final class SuppressionFormatException extends BadInputException {
    private static final long serialVersionUID = 1L;

    public SuppressionFormatException(String file, String problem) {
        super(file + ": " + problem);
    }

    public SuppressionFormatException(String file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }
}
