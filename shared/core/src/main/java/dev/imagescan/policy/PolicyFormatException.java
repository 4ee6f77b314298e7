package dev.imagescan.policy;

import dev.imagescan.common.BadInputException;

/**
 * A policy document that is not valid: {@link #path()} is the JSON pointer of the offending value ({@code ""} for
 * the document itself), {@link #problem()} says what is wrong with it.
 */
public final class PolicyFormatException extends BadInputException {
    private static final long serialVersionUID = 1L;

    private final String path;
    private final String problem;

    public PolicyFormatException(String path, String problem) {
        super("policy " + (path.isEmpty() ? "/" : path) + ": " + problem);
        this.path = path;
        this.problem = problem;
    }

    /** The JSON pointer of the offending value; {@code ""} for the whole document. */
    public String path() {
        return path;
    }

    /** What is wrong, without the path. */
    public String problem() {
        return problem;
    }
}
