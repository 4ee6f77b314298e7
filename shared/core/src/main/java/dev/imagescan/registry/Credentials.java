package dev.imagescan.registry;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * A user name and secret for one registry. The user name {@code <token>} marks an identity token (what
 * {@code docker login} stores for some registries), exchanged for access tokens as an OAuth refresh token.
 */
public record Credentials(String username, String secret) {
    /** The user name Docker writes for an identity token. */
    public static final String IDENTITY_TOKEN_USER = "<token>";

    public Credentials {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(secret, "secret");
    }

    /** Whether the secret is an identity (refresh) token rather than a password. */
    public boolean isIdentityToken() {
        return username.equals(IDENTITY_TOKEN_USER);
    }

    /** The value of an {@code Authorization: Basic} header. */
    String basicHeader() {
        return "Basic " + Base64.getEncoder().encodeToString((username + ":" + secret)
                .getBytes(StandardCharsets.UTF_8));
    }

    /** Never shows the secret. */
    @Override
    public String toString() {
        return "Credentials[" + username + ", ****]";
    }
}
