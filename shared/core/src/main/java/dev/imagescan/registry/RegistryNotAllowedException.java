package dev.imagescan.registry;

/**
 * A registry, or a host it sent the client to, that configuration does not let the scanner contact: not in the
 * allow-list, or resolving to a loopback, link-local or private address that is not listed ({@link RegistryAllowList}).
 * Asking again gets the same answer.
 */
public class RegistryNotAllowedException extends RegistryException {
    private static final long serialVersionUID = 1L;

    public RegistryNotAllowedException(String message) {
        super(message);
    }
}
