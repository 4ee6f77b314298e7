package dev.imagescan.store;

import dev.imagescan.registry.Credentials;
import java.util.Optional;

/**
 * Where the scan service gets what it needs to read from a registry that wants a login it cannot find itself: ECR's
 * short-lived tokens, from {@code ecr:GetAuthorizationToken} (the adapter is {@code store.aws.EcrLogins}).
 */
@FunctionalInterface
public interface RegistryLogins {
    /** No login anywhere: every registry is read anonymously (or with the token its challenge hands out). */
    RegistryLogins NONE = registry -> Optional.empty();

    /**
     * The login for {@code registry} ({@code host[:port]}, as in references), empty when this source has none for it.
     *
     * @throws dev.imagescan.registry.RegistryException when the login is refused (asking again gets the same)
     * @throws StoreException                            when the service could not be asked (may pass later)
     */
    Optional<Login> login(String registry);

    /**
     * A login: the credentials, for {@code endpoint} only.
     *
     * @param endpoint    {@code host[:port]} of the registry API the credentials are for (ECR's
     *                    {@code proxyEndpoint}: the registry itself)
     * @param credentials Basic credentials for {@code endpoint}
     */
    record Login(String endpoint, Credentials credentials) {}
}
