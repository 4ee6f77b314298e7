package dev.imagescan.registry;

import java.net.URI;

/**
 * Decides whether the registry client may connect to a URL: asked before every request it sends, to the registry,
 * to a token service, and to every host a redirect leads to. A refusal is a {@link RegistryNotAllowedException}.
 */
@FunctionalInterface
public interface ConnectionGuard {
    /** Connects anywhere (the CLI: the user named the registry). */
    ConnectionGuard NONE = (registry, target) -> { };

    /**
     * Refuses a connection to {@code target} made while reading from {@code registry} (as in references:
     * {@code host[:port]}).
     *
     * @throws RegistryNotAllowedException when the connection is refused
     */
    void check(String registry, URI target);
}
