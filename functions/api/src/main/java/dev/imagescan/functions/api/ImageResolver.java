package dev.imagescan.functions.api;

import dev.imagescan.registry.ImageReference;
import dev.imagescan.registry.RegistryClient;
import dev.imagescan.registry.ResolvedReference;
import java.io.IOException;

/**
 * Resolves a tagged image reference to what its registry names now. The admission route reaches registries only
 * through this, so the registry allow-list (which hosts a name arriving in a request may send us to) wraps it in one
 * place.
 */
@FunctionalInterface
public interface ImageResolver {
    /** The digest {@code reference}'s tag names now (and an index's image manifests). */
    ResolvedReference resolve(ImageReference reference) throws IOException;

    /** Through {@code client}: one manifest request per call. */
    static ImageResolver over(RegistryClient client) {
        return client::resolve;
    }
}
