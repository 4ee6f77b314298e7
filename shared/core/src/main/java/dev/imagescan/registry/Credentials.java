package dev.imagescan.registry;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * A user name and secret for one registry. The user name {@code <token>} marks an identity token (what
 * {@code docker login} stores for some registries), exchanged for access tokens as an OAuth refresh token; the user
 * name {@code <registry-token>} marks a registry token: a bearer token already issued for the registry (Harbor's
 * scan job token, Docker's {@code registrytoken}), sent as it is with every request to the registry.
 */
public record Credentials(String username, String secret) {
    /** The user name Docker writes for an identity token. */
    public static final String IDENTITY_TOKEN_USER = "<token>";
    /** The user name that marks a registry token. */
    public static final String REGISTRY_TOKEN_USER = "<registry-token>";

    public Credentials {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(secret, "secret");
    }

    /**
     * A bearer token issued for the registry by its token service: sent as {@code Authorization: Bearer} with each
     * request to the registry, never exchanged (Harbor passes one to its scanners, as the Pluggable Scanner API
     * says; Trivy takes it as {@code --registry-token}).
     */
    public static Credentials registryToken(String token) {
        return new Credentials(REGISTRY_TOKEN_USER, token);
    }

    /** Whether the secret is an identity (refresh) token rather than a password. */
    public boolean isIdentityToken() {
        return username.equals(IDENTITY_TOKEN_USER);
    }

    /** Whether the secret is a registry token ({@link #registryToken}). */
    public boolean isRegistryToken() {
        return username.equals(REGISTRY_TOKEN_USER);
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
