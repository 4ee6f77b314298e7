package dev.imagescan.functions.harbor;

/**
 * The secret Harbor authenticates to this adapter with: the token of {@code Authorization: Bearer <secret>}, or the
 * {@code user:password} of {@code Authorization: Basic base64(user:password)}.
 */
public interface AdapterSecret {
    /** The secret now (read once and kept by implementations that fetch it). */
    String value();

    /**
     * Reads the secret again if the kept copy is old enough that it may have been rotated; returns whether it was
     * read again. The default keeps it.
     */
    default boolean refresh() {
        return false;
    }

    /** A fixed secret (local runs and tests of the routes). */
    static AdapterSecret of(String secret) {
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("the adapter secret is empty");
        }
        return () -> secret;
    }
}
