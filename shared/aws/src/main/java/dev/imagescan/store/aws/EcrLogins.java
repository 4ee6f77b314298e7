package dev.imagescan.store.aws;

import dev.imagescan.registry.Credentials;
import dev.imagescan.registry.RegistryException;
import dev.imagescan.store.RegistryLogins;
import dev.imagescan.store.StoreException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.AuthorizationData;
import software.amazon.awssdk.services.ecr.model.GetAuthorizationTokenResponse;

/**
 * Logins to ECR registries ({@code ACCOUNT.dkr.ecr.REGION.amazonaws.com}): {@code ecr:GetAuthorizationToken} in the
 * registry's region, for its account, turned into Basic credentials ({@code AWS} and the token's password) for the
 * registry's {@code proxyEndpoint} only. A token is kept until {@link #REFRESH_BEFORE} before it expires (ECR's last
 * 12 hours), so a batch of scans asks once. Other registries get no login.
 *
 * <p>A refusal by ECR ({@code AccessDeniedException} and other client errors but throttling) is a
 * {@link RegistryException}: the scan fails with the reason. Throttling, ECR's own failures and the network are
 * {@link StoreException}s: the job is retried.
 */
public final class EcrLogins implements RegistryLogins {
    /** How long before its expiry a token is replaced. */
    static final Duration REFRESH_BEFORE = Duration.ofMinutes(15);
    static final Pattern ECR_HOST = Pattern.compile(
            "([0-9]{12})\\.dkr\\.ecr(?:-fips)?\\.([a-z0-9-]+)\\.amazonaws\\.com(?:\\.cn)?");

    private final Function<Region, EcrClient> clients;
    private final Map<Region, EcrClient> byRegion = new ConcurrentHashMap<>();
    private final Map<String, Cached> tokens = new ConcurrentHashMap<>();
    private final Clock clock;

    /** @param clients makes the ECR client of a region (once per region: {@link AwsClients#ecr}) */
    public EcrLogins(Function<Region, EcrClient> clients, Clock clock) {
        this.clients = clients;
        this.clock = clock;
    }

    /** Whether {@code registry} is an ECR registry's host. */
    public static boolean isEcr(String registry) {
        return ECR_HOST.matcher(registry.toLowerCase(Locale.ROOT)).matches();
    }

    @Override
    public Optional<Login> login(String registry) {
        Matcher m = ECR_HOST.matcher(registry.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return Optional.empty();
        }
        Cached cached = tokens.get(registry);
        if (cached != null && clock.instant().isBefore(cached.expiresAt().minus(REFRESH_BEFORE))) {
            return Optional.of(cached.login());
        }
        Cached fresh = fetch(registry, m.group(1), Region.of(m.group(2)));
        tokens.put(registry, fresh);
        return Optional.of(fresh.login());
    }

    private Cached fetch(String registry, String account, Region region) {
        GetAuthorizationTokenResponse response;
        try {
            // registryIds: the proxyEndpoint returned is then this account's registry (cross-account pulls)
            response = byRegion.computeIfAbsent(region, clients).getAuthorizationToken(b -> b.registryIds(account));
        } catch (AwsServiceException e) {
            String why = "ECR GetAuthorizationToken for " + registry + " failed: " + e.awsErrorDetails().errorCode()
                    + " (HTTP " + e.statusCode() + "): " + e.awsErrorDetails().errorMessage();
            if (e.statusCode() >= 400 && e.statusCode() < 500 && !e.isThrottlingException()) {
                throw new RegistryException(why, e);
            }
            throw new StoreException(why, e);
        } catch (SdkException e) {
            throw new StoreException("ECR GetAuthorizationToken for " + registry + " failed: " + e.getMessage(), e);
        }
        if (!response.hasAuthorizationData() || response.authorizationData().isEmpty()) {
            throw new RegistryException("ECR GetAuthorizationToken for " + registry + " returned no token");
        }
        AuthorizationData data = response.authorizationData().get(0);
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(data.authorizationToken()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new RegistryException("ECR returned a token for " + registry + " that is not base64", e);
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            throw new RegistryException("ECR returned a token for " + registry + " that is not user:password");
        }
        Credentials credentials = new Credentials(decoded.substring(0, colon), decoded.substring(colon + 1));
        String endpoint = endpoint(registry, data.proxyEndpoint());
        Instant expires = data.expiresAt() != null ? data.expiresAt() : clock.instant().plus(Duration.ofHours(1));
        return new Cached(new Login(endpoint, credentials), expires);
    }

    /** The {@code host[:port]} of the token's {@code proxyEndpoint}; the registry itself when there is none. */
    private static String endpoint(String registry, String proxyEndpoint) {
        if (proxyEndpoint == null || proxyEndpoint.isBlank()) {
            return registry;
        }
        URI uri;
        try {
            uri = URI.create(proxyEndpoint.contains("://") ? proxyEndpoint : "https://" + proxyEndpoint);
        } catch (IllegalArgumentException e) {
            throw new RegistryException("ECR returned an invalid proxyEndpoint for " + registry, e);
        }
        if (uri.getHost() == null) {
            throw new RegistryException("ECR returned a proxyEndpoint without a host for " + registry);
        }
        return uri.getPort() > 0 ? uri.getHost() + ":" + uri.getPort() : uri.getHost();
    }

    private record Cached(Login login, Instant expiresAt) {}
}
