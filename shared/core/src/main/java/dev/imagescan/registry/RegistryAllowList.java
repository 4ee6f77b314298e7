package dev.imagescan.registry;

import dev.imagescan.common.NetworkAddresses;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which registries a service may contact, from configuration: a guard against server-side request forgery for
 * registry names that arrive in API requests and events. Entries, separated by commas or white space:
 *
 * <ul>
 * <li>{@code host} or {@code host:port} ({@code 123456789012.dkr.ecr.eu-west-1.amazonaws.com},
 *     {@code harbor.internal:8443}, {@code 10.0.0.5:5000}): that registry; being named, it may resolve to any
 *     address, private ones included. Without a port it is allowed on any port.
 * <li>{@code *.suffix} ({@code *.dkr.ecr.eu-west-1.amazonaws.com}): any registry whose host ends so, when every
 *     address it resolves to is public;
 * <li>{@code *}: any registry at public addresses.
 * </ul>
 *
 * <p>A registry not matched is refused by name. A match through a wildcard is resolved, and refused when any of its
 * addresses is loopback, link-local (the instance metadata endpoint 169.254.169.254), private, shared, multicast or
 * unspecified ({@link NetworkAddresses}). As a {@link ConnectionGuard} it checks every connection the registry
 * client makes in the same way: a host named exactly passes, any other host (the registry's API host, its token
 * service, the storage a blob redirect leads to) must resolve to public addresses only. The address is checked when
 * the request is about to be sent; the HTTP client resolves the name again, within the JVM's DNS cache time.
 */
public final class RegistryAllowList implements ConnectionGuard {
    private static final Pattern ENTRY = Pattern.compile(
            "\\*|\\*\\.[a-z0-9-]+(?:\\.[a-z0-9-]+)*|(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]*"
                    + "[a-z0-9])?)*|\\[[0-9a-f:.]+\\])(?::[0-9]{1,5})?");

    private final List<String> exact;
    private final List<String> suffixes;
    private final boolean any;

    private RegistryAllowList(List<String> exact, List<String> suffixes, boolean any) {
        this.exact = List.copyOf(exact);
        this.suffixes = List.copyOf(suffixes);
        this.any = any;
    }

    /**
     * The allow-list {@code text} writes (null or blank: no registry at all).
     *
     * @throws IllegalArgumentException naming the first entry that is none of the forms above
     */
    public static RegistryAllowList parse(String text) {
        List<String> exact = new ArrayList<>();
        List<String> suffixes = new ArrayList<>();
        boolean any = false;
        String[] entries = text == null || text.isBlank() ? new String[0] : text.trim().split("[,\\s]+");
        for (String raw : entries) {
            String entry = raw.toLowerCase(Locale.ROOT);
            if (!ENTRY.matcher(entry).matches()) {
                throw new IllegalArgumentException("registry allow-list entry '" + cut(raw) + "' is not host[:port], "
                        + "*.domain or *");
            }
            if (entry.equals("*")) {
                any = true;
            } else if (entry.startsWith("*.")) {
                suffixes.add(entry.substring(1));
            } else {
                exact.add(entry);
            }
        }
        return new RegistryAllowList(exact, suffixes, any);
    }

    /** Whether no registry at all is allowed. */
    public boolean isEmpty() {
        return exact.isEmpty() && suffixes.isEmpty() && !any;
    }

    /** The entries, as configured (lower case), for messages and logs. */
    @Override
    public String toString() {
        List<String> all = new ArrayList<>(exact);
        suffixes.forEach(s -> all.add("*" + s));
        if (any) {
            all.add("*");
        }
        return String.join(",", all);
    }

    /**
     * Refuses {@code registry} ({@code host[:port]} as in references) unless it is listed, and, when it is matched
     * by a wildcard, unless every address it resolves to is public.
     *
     * @throws RegistryNotAllowedException saying why, in one line
     */
    public void requireAllowed(String registry) {
        String name = registry.toLowerCase(Locale.ROOT);
        if (isNamed(name)) {
            return;
        }
        String host = HostNames.withoutPort(name);
        boolean matched = any || suffixes.stream().anyMatch(host::endsWith);
        if (!matched) {
            throw new RegistryNotAllowedException("registry " + registry + " is not in the allow-list ("
                    + (isEmpty() ? "empty: registry scans are off" : this) + ")");
        }
        requirePublic(registry, host);
    }

    @Override
    public void check(String registry, URI target) {
        String host = target.getHost();
        if (host == null) {
            throw new RegistryNotAllowedException(registry + ": refused a connection to a URL without a host");
        }
        host = host.toLowerCase(Locale.ROOT);
        String authority = target.getPort() > 0 ? host + ":" + target.getPort() : host;
        if (isNamed(authority)) {
            return;
        }
        requirePublic(registry + (authority.equals(registry) ? "" : " (its host " + authority + ")"), host);
    }

    /** Whether {@code hostAndPort} is listed by name, with its port or without one. */
    private boolean isNamed(String hostAndPort) {
        return exact.contains(hostAndPort) || exact.contains(HostNames.withoutPort(hostAndPort));
    }

    private void requirePublic(String what, String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        InetAddress[] addresses = resolve(bare);
        if (addresses.length == 0) {
            throw new RegistryNotAllowedException(what + ": " + host + " does not resolve");
        }
        for (InetAddress address : addresses) {
            String kind = NetworkAddresses.nonPublic(address);
            if (kind != null) {
                throw new RegistryNotAllowedException(what + " resolves to " + address.getHostAddress() + ", a "
                        + kind + " address; refused unless the registry is named in the allow-list");
            }
        }
    }

    private static InetAddress[] resolve(String host) {
        try {
            return InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            return new InetAddress[0];
        }
    }

    private static String cut(String s) {
        return s.length() > 100 ? s.substring(0, 100) + "…" : s;
    }
}
