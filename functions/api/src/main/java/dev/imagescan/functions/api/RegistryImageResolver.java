package dev.imagescan.functions.api;

import dev.imagescan.registry.CredentialSource;
import dev.imagescan.registry.ImageReference;
import dev.imagescan.registry.RegistryClient;
import dev.imagescan.registry.ResolvedReference;
import dev.imagescan.service.RegistryAccess;
import dev.imagescan.store.RegistryLogins;
import java.io.IOException;
import java.util.Optional;

/**
 * Resolves tags in the registries the allow-list allows, logged in where a login is known: an ECR registry through
 * its login ({@code ecr:GetAuthorizationToken}, the same {@link RegistryLogins} the scan function uses, requests going
 * to its endpoint), any other with the configured credentials ({@link RegistryCredentialsSecret}), else anonymously.
 * The allow-list is checked before any login is asked for, and by the client on every connection.
 */
final class RegistryImageResolver implements ImageResolver {
    private final RegistryAccess access;
    private final CredentialSource configured;

    RegistryImageResolver(RegistryAccess access, CredentialSource configured) {
        this.access = access;
        this.configured = configured;
    }

    @Override
    public ResolvedReference resolve(ImageReference reference) throws IOException {
        access.allowList().requireAllowed(reference.registry());
        Optional<RegistryLogins.Login> login = access.logins().login(reference.registry());
        CredentialSource credentials = login.map(l -> CredentialSource.of(l.endpoint(), l.credentials()))
                .orElse(configured);
        ImageReference target = login.map(l -> new ImageReference(l.endpoint(), reference.repository(),
                reference.tag(), reference.digest())).orElse(reference);
        try (RegistryClient client = new RegistryClient(access.options().withCredentials(credentials),
                access.allowList())) {
            return client.resolve(target);
        }
    }
}
