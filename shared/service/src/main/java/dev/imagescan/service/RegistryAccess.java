package dev.imagescan.service;

import dev.imagescan.registry.CredentialSource;
import dev.imagescan.registry.RegistryAllowList;
import dev.imagescan.registry.RegistryOptions;
import dev.imagescan.registry.RetryPolicy;
import dev.imagescan.store.RegistryLogins;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * What the services need to read images from registries: which registries they may contact (the SSRF guard for names
 * that arrive in API requests and events), where logins come from (ECR), and the client's options.
 *
 * @param allowList the registries that may be contacted; every connection is checked against it
 * @param logins    logins the registries' own challenges do not give (ECR tokens)
 * @param options   timeouts, retries, plain-http hosts; their credential source is replaced by {@code logins}
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
}
