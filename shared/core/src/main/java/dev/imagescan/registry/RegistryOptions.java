package dev.imagescan.registry;

import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How to talk to registries.
 *
 * @param credentials    where credentials come from (Docker's config.json by default)
 * @param insecureHosts  registries ({@code host} or {@code host:port}) reached over plain http; {@code localhost} and
 *                       {@code 127.0.0.1} always are, as Docker does
 * @param connectTimeout the longest wait for a connection
 * @param requestTimeout the longest wait for an answer's status and headers
 * @param readTimeout    the longest a blob or document stream may stall without a byte
 * @param retry          when to ask again
 */
public record RegistryOptions(CredentialSource credentials, Set<String> insecureHosts, Duration connectTimeout,
        Duration requestTimeout, Duration readTimeout, RetryPolicy retry) {

    public RegistryOptions {
        insecureHosts = insecureHosts.stream().map(h -> h.trim().toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
    }

    /** Docker's config.json for credentials, no insecure registry but this machine's, default timeouts and retries. */
    public static RegistryOptions defaults() {
        return defaults(DockerConfig.fromEnvironment());
    }

    /** {@link #defaults()} with {@code credentials} instead of Docker's config.json (which is then not read). */
    public static RegistryOptions defaults(CredentialSource credentials) {
        return new RegistryOptions(credentials, Set.of(), Duration.ofSeconds(30), Duration.ofSeconds(60),
                Duration.ofSeconds(60), RetryPolicy.DEFAULT);
    }

    public RegistryOptions withCredentials(CredentialSource c) {
        return new RegistryOptions(c, insecureHosts, connectTimeout, requestTimeout, readTimeout, retry);
    }

    public RegistryOptions withInsecureHosts(Set<String> hosts) {
        return new RegistryOptions(credentials, hosts, connectTimeout, requestTimeout, readTimeout, retry);
    }

    public RegistryOptions withRetry(RetryPolicy r) {
        return new RegistryOptions(credentials, insecureHosts, connectTimeout, requestTimeout, readTimeout, r);
    }

    public RegistryOptions withTimeouts(Duration connect, Duration request, Duration read) {
        return new RegistryOptions(credentials, insecureHosts, connect, request, read, retry);
    }

    /** Whether {@code hostAndPort} may be reached over plain http. */
    boolean allowsHttp(String hostAndPort) {
        String h = hostAndPort.toLowerCase(Locale.ROOT);
        String host = HostNames.withoutPort(h);
        return HostNames.isLocal(host) || insecureHosts.contains(h) || insecureHosts.contains(host);
    }
}
