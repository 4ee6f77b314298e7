package dev.imagescan.service;

/**
 * A policy document was refused because it contradicts what is stored: its {@code version} is the current
 * document's, but its content is not. Verdicts record only the version, so one version must mean one document; the
 * caller gives the changed document a new version (an API answers 409 Conflict).
 */
public final class PolicyConflictException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PolicyConflictException(String message) {
        super(message);
    }
}
