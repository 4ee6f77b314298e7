package dev.imagescan.service;

import dev.imagescan.registry.CredentialSource;
import dev.imagescan.registry.CredentialsRequiredException;
import dev.imagescan.registry.RegistryAllowList;
import dev.imagescan.registry.RegistryClient;
import dev.imagescan.registry.RegistryException;
import dev.imagescan.registry.RegistryOptions;
import dev.imagescan.registry.RetryPolicy;
import dev.imagescan.store.RegistryLogins;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What the services need to read images from registries: which registries they may contact (the SSRF guard for names
 * that arrive in API requests and events), where logins come from (ECR), the configured credentials of other
 * registries (the registry secret), and the client's options. {@link #route} decides, per registry, which applies.
 *
 * @param allowList the registries that may be contacted; every connection is checked against it
 * @param logins    logins the registries' own challenges do not give (ECR tokens)
 * @param options   timeouts, retries, plain-http hosts, and the configured credentials: used for a registry that
 *                  has no login (the fallback before anonymous access), asked only when the registry challenges
 */
public record RegistryAccess(RegistryAllowList allowList, RegistryLogins logins, RegistryOptions options) {
    /** No registry at all: registry scans fail with a one-line reason. */
    public static final RegistryAccess NONE = of(RegistryAllowList.parse(""), RegistryLogins.NONE);

    public RegistryAccess {
        Objects.requireNonNull(allowList, "allowList");
        Objects.requireNonNull(logins, "logins");
        Objects.requireNonNull(options, "options");
    }

    /**
     * {@code allowList} and {@code logins} with the client's default timeouts and retries, no credentials of the
     * machine's (no Docker config) and no plain-http host but loopback ones, as a function has them.
     */
    public static RegistryAccess of(RegistryAllowList allowList, RegistryLogins logins) {
        return new RegistryAccess(allowList, logins, new RegistryOptions(CredentialSource.none(), Set.of(),
                Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(60), RetryPolicy.DEFAULT));
    }

    /** This access with {@code configured} as the credentials of registries that have no login. */
    public RegistryAccess withCredentials(CredentialSource configured) {
        return new RegistryAccess(allowList, logins, options.withCredentials(configured));
    }

    /**
     * How to reach {@code registry}: through its login when it has one (ECR: the login's endpoint and token, and
     * nothing else), else at the registry itself with the configured credentials (its entry in the registry secret,
     * if any; anonymous otherwise). Asks {@link #logins} (ECR: a token, possibly over the network), not the secret.
     */
    public Route route(String registry) {
        Optional<RegistryLogins.Login> login = logins.login(registry);
        return login.map(l -> new Route(l.endpoint(), CredentialSource.of(l.endpoint(), l.credentials())))
                .orElseGet(() -> new Route(registry, options.credentials()));
    }

    /** A client with {@code credentials} (and these options otherwise) checking every connection against the list. */
    public RegistryClient client(CredentialSource credentials) {
        return new RegistryClient(options.withCredentials(credentials), allowList);
    }

    /**
     * A registry's request for credentials none were found for, with the functions' way to give them (the registry
     * secret) instead of the command line's.
     */
    public static RegistryException withSecretHint(CredentialsRequiredException e) {
        return new RegistryException(e.reason() + "; add its credentials to the registry secret (template parameter "
                + "RegistrySecretArn, docs/registry.md)", e);
    }

    /**
     * Where and as whom a registry is reached.
     *
     * @param endpoint    the host (and port) requests go to: the registry's, or its login's endpoint
     * @param credentials the credentials answering that endpoint's challenges
     */
    public record Route(String endpoint, CredentialSource credentials) {
        public Route {
            Objects.requireNonNull(endpoint, "endpoint");
            Objects.requireNonNull(credentials, "credentials");
        }
    }
}
