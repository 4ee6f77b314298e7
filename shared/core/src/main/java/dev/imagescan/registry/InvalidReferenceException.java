package dev.imagescan.registry;

import dev.imagescan.common.BadInputException;

/** A string that is not an image reference ({@code [registry[:port]/]repository[:tag][@digest]}). */
public class InvalidReferenceException extends BadInputException {
    private static final long serialVersionUID = 1L;

    public InvalidReferenceException(String message) {
        super(message);
    }
}
