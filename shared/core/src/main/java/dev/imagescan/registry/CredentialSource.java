package dev.imagescan.registry;

import java.util.Optional;

/** Where the credentials for a registry come from: given on the command line, Docker's config.json, or nowhere. */
@FunctionalInterface
public interface CredentialSource {

    /** The credentials for {@code registry} (as in references: {@code docker.io}, {@code host:port}), if any. */
    Optional<Credentials> find(String registry);

    /** No credentials anywhere: every registry is accessed anonymously. */
    static CredentialSource none() {
        return registry -> Optional.empty();
    }

    /** {@code credentials} for {@code registry} only. */
    static CredentialSource of(String registry, Credentials credentials) {
        return r -> r.equals(registry) ? Optional.of(credentials) : Optional.empty();
    }

    /** This source, and {@code next} where this one has nothing. */
    default CredentialSource orElse(CredentialSource next) {
        return registry -> {
            Optional<Credentials> found = find(registry);
            return found.isPresent() ? found : next.find(registry);
        };
    }
}
