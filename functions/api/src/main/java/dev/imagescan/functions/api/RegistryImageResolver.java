package dev.imagescan.functions.api;

import dev.imagescan.registry.CredentialsRequiredException;
import dev.imagescan.registry.ImageReference;
import dev.imagescan.registry.RegistryClient;
import dev.imagescan.registry.ResolvedReference;
import dev.imagescan.service.RegistryAccess;
import java.io.IOException;

/**
 * Resolves tags in the registries the allow-list allows, logged in where a login is known: an ECR registry through
 * its login ({@code ecr:GetAuthorizationToken}, the same logins the scan function uses, requests going to its
 * endpoint), any other with the configured credentials (the registry secret, {@code RegistryCredentialsSecret}), else
 * anonymously: {@link RegistryAccess#route}, as scans and sweeps choose.
 * The allow-list is checked before any login is asked for, and by the client on every connection.
 */
final class RegistryImageResolver implements ImageResolver {
    private final RegistryAccess access;

    RegistryImageResolver(RegistryAccess access) {
        this.access = access;
    }

    @Override
    public ResolvedReference resolve(ImageReference reference) throws IOException {
        access.allowList().requireAllowed(reference.registry());
        RegistryAccess.Route route = access.route(reference.registry());
        ImageReference target = new ImageReference(route.endpoint(), reference.repository(), reference.tag(),
                reference.digest());
        try (RegistryClient client = access.client(route.credentials())) {
            return client.resolve(target);
        } catch (CredentialsRequiredException e) {
            throw RegistryAccess.withSecretHint(e);
        }
    }
}
