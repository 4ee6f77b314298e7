package dev.imagescan.functions.api;

import dev.imagescan.functions.common.Registries;
import dev.imagescan.service.RegistryAccess;
import dev.imagescan.store.RegistryLogins;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * How {@code POST /admission} decides what the table cannot: an image not scanned yet
 * ({@code IMAGESCAN_ADMISSION_UNSCANNED}: {@code allow} — admit it with a warning — or {@code deny}; its scan is
 * queued either way), and a failure to check an image
 * (registry unreachable, a store error: {@code IMAGESCAN_ADMISSION_ON_ERROR}: {@code deny} or {@code allow}, the
 * webhook's own failure policy for errors it can answer). Tags are resolved through {@code resolver}, kept
 * {@code IMAGESCAN_ADMISSION_TAG_TTL_SECONDS} (default 60): in the registries the allow-list allows, ECR ones with
 * their login, private ones with the configured credentials (the registry secret the scans and sweeps use too).
 */
public record AdmissionSettings(ImageResolver resolver, boolean allowUnscanned, boolean allowOnError) {
    public static final String UNSCANNED = "IMAGESCAN_ADMISSION_UNSCANNED";
    public static final String ON_ERROR = "IMAGESCAN_ADMISSION_ON_ERROR";
    public static final String TAG_TTL = "IMAGESCAN_ADMISSION_TAG_TTL_SECONDS";
    /** The registry requests of one resolution stay within a webhook's few seconds. */
    static final Duration CONNECT = Duration.ofSeconds(2);
    static final Duration REQUEST = Duration.ofSeconds(4);

    /** Unscanned images denied, errors denied, tags resolved anonymously and kept a minute. */
    public static AdmissionSettings defaults() {
        return fromEnvironment(Map.of());
    }

    /** The settings the environment gives (defaults: {@code deny}, {@code deny}, 60 s), tags resolved anonymously. */
    public static AdmissionSettings fromEnvironment(Map<String, String> env) {
        return fromEnvironment(env, RegistryAccess.of(Registries.allowList(env), RegistryLogins.NONE));
    }

    /**
     * The settings the environment gives, tags resolved through {@code access} (its allow-list, logins: ECR, and for
     * other registries its configured credentials: {@link RegistryAccess#route}); every registry request within
     * {@link #CONNECT} and {@link #REQUEST}. Opens no connection.
     */
    public static AdmissionSettings fromEnvironment(Map<String, String> env, RegistryAccess access) {
        boolean allowUnscanned = choice(env, UNSCANNED);
        boolean allowOnError = choice(env, ON_ERROR);
        long ttl;
        try {
            ttl = Long.parseLong(env.getOrDefault(TAG_TTL, "60").strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(TAG_TTL + " is a number of seconds, not '" + env.get(TAG_TTL) + "'");
        }
        RegistryAccess quick = new RegistryAccess(access.allowList(), access.logins(),
                access.options().withTimeouts(CONNECT, REQUEST, REQUEST));
        return new AdmissionSettings(new CachingImageResolver(new RegistryImageResolver(quick),
                Duration.ofSeconds(ttl), Clock.systemUTC()), allowUnscanned, allowOnError);
    }

    /** These settings resolving tags through {@code resolver} (kept {@code ttl}). */
    public AdmissionSettings withResolver(ImageResolver resolver, Duration ttl) {
        return new AdmissionSettings(new CachingImageResolver(resolver, ttl, Clock.systemUTC()), allowUnscanned,
                allowOnError);
    }

    private static boolean choice(Map<String, String> env, String name) {
        String value = env.getOrDefault(name, "deny").strip().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "allow" -> true;
            case "deny", "" -> false;
            default -> throw new IllegalArgumentException(name + " is allow or deny, not '" + value + "'");
        };
    }
}
