package dev.imagescan.registry;

import dev.imagescan.common.ImageScanException;

/**
 * A registry refused the image, or what it served cannot be scanned: the image or repository does not exist,
 * credentials are missing or rejected, access is denied, a manifest is of a kind this scanner does not read. Asking
 * again gets the same answer; transport failures and overloaded registries are {@link java.io.IOException}s instead.
 */
public class RegistryException extends ImageScanException {
    private static final long serialVersionUID = 1L;

    public RegistryException(String message) {
        super(message);
    }

    public RegistryException(String message, Throwable cause) {
        super(message, cause);
    }
}
