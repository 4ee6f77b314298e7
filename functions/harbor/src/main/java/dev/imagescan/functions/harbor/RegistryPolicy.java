package dev.imagescan.functions.harbor;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which registries a scan request may send the scanner to: Harbor names its own registry in every request, and the
 * scanner pulls from it with the credentials it was given, so a request naming any other host is refused before a
 * job is queued (the guard against server-side request forgery; the scan function applies its own allow-list too).
 */
@FunctionalInterface
public interface RegistryPolicy {
    /** The environment variable listing the accepted registries, {@code host[:port]} comma-separated. */
    String VARIABLE = "IMAGESCAN_HARBOR_REGISTRIES";

    /** Whether a request may name {@code host} ({@code host[:port]}, lower case). */
    boolean allows(String host);

    /** Exactly the hosts {@code hosts} lists (case aside). */
    static RegistryPolicy of(Set<String> hosts) {
        Set<String> lower = hosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        return host -> lower.contains(host.toLowerCase(Locale.ROOT));
    }

    /** The hosts {@link #VARIABLE} lists; none (every request refused) when it is unset or blank. */
    static RegistryPolicy fromEnvironment(Map<String, String> env) {
        String value = env.getOrDefault(VARIABLE, "");
        return of(Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .collect(Collectors.toSet()));
    }
}
