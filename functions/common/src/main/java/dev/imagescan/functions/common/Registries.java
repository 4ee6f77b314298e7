package dev.imagescan.functions.common;

import dev.imagescan.registry.ImageReference;
import dev.imagescan.registry.RegistryAllowList;
import dev.imagescan.service.RegistryAccess;
import dev.imagescan.store.RegistryCatalog;
import dev.imagescan.store.ScanJob;
import dev.imagescan.store.aws.AwsClients;
import dev.imagescan.store.aws.EcrCatalog;
import dev.imagescan.store.aws.EcrLogins;
import dev.imagescan.store.aws.RegistryCredentialsSecret;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The functions' access to registries, from their environment: {@code IMAGESCAN_REGISTRIES}, the allow-list of
 * registries that may be contacted ({@link RegistryAllowList}: {@code host[:port]}, {@code *.domain} or {@code *},
 * separated by commas; empty or unset: registry scans are off), and ECR logins through
 * {@code ecr:GetAuthorizationToken} in each registry's region ({@code IMAGESCAN_ECR_ENDPOINT} overrides ECR's
 * endpoint, for tests), and for other registries the credentials of the registry secret
 * ({@value RegistryCredentialsSecret#SECRET_ID}: a Secrets Manager secret holding a config.json-style {@code auths}
 * document, {@link RegistryCredentialsSecret}; the admission webhook, the scans and the sweeps all use it). Building it
 * opens no connection and reads no secret.
 */
public final class Registries {
    /** The allow-list's environment variable. */
    public static final String ALLOW_LIST = "IMAGESCAN_REGISTRIES";
    /** The sweep's targets: registries (ECR: every repository) and repositories, separated by commas. */
    public static final String SWEEP = "IMAGESCAN_SWEEP";

    private Registries() {}

    /** The access {@code env} configures, with ECR clients of the environment's settings. */
    public static RegistryAccess fromEnvironment(Map<String, String> env) {
        return fromEnvironment(env, AwsClients.fromEnvironment(env));
    }

    /**
     * The access {@code env} configures, with ECR and Secrets Manager clients built from {@code clients}.
     *
     * @throws IllegalArgumentException naming the variable when the allow-list has an entry of no known form
     */
    public static RegistryAccess fromEnvironment(Map<String, String> env, AwsClients clients) {
        RegistryAllowList allowList = allowList(env);
        URI ecrEndpoint = AwsClients.ecrEndpoint(env);
        return RegistryAccess.of(allowList, new EcrLogins(region -> clients.ecr(region, ecrEndpoint),
                Clock.systemUTC())).withCredentials(RegistryCredentialsSecret.fromEnvironment(env, clients.region(),
                        clients.credentials()));
    }

    /**
     * The allow-list in {@code env} ({@value #ALLOW_LIST}; unset: empty).
     *
     * @throws IllegalArgumentException naming the variable when an entry has no known form
     */
    public static RegistryAllowList allowList(Map<String, String> env) {
        try {
            return RegistryAllowList.parse(env.get(ALLOW_LIST));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("function environment: " + ALLOW_LIST + ": " + e.getMessage(), e);
        }
    }

    /** The sweep's targets in {@code env} ({@value #SWEEP}; unset: none), each {@code host[:port]} or a repository. */
    public static List<String> sweepTargets(Map<String, String> env) {
        String value = env.get(SWEEP);
        if (value == null || value.isBlank()) {
            return List.of();
        }
        List<String> targets = new ArrayList<>();
        for (String t : value.trim().split("[,\\s]+")) {
            String target = t.endsWith("/") ? t.substring(0, t.length() - 1) : t;
            int slash = target.indexOf('/');
            try {
                if (slash < 0) {
                    ImageReference.parse(target + "/x");
                } else {
                    ScanJob.requireImage(ImageReference.parse(target).toString());
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("function environment: " + SWEEP + ": '" + target
                        + "' is neither a registry nor a repository: " + e.getMessage(), e);
            }
            targets.add(target);
        }
        return targets;
    }

    /** ECR's listings of its registries (the sweep), with ECR clients built from {@code clients}. */
    public static RegistryCatalog catalog(Map<String, String> env, AwsClients clients) {
        URI ecrEndpoint = AwsClients.ecrEndpoint(env);
        return new EcrCatalog(region -> clients.ecr(region, ecrEndpoint));
    }
}
