package dev.imagescan.registry;

import java.util.Locale;

/** Host names as registries are named: {@code host}, {@code host:port}, {@code [::1]:5000}. */
final class HostNames {
    private HostNames() {}

    /** The host of {@code hostAndPort}, lower case, without its port (IPv6 brackets kept). */
    static String withoutPort(String hostAndPort) {
        String h = hostAndPort.toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end < 0 ? h : h.substring(0, end + 1);
        }
        int colon = h.lastIndexOf(':');
        return colon < 0 ? h : h.substring(0, colon);
    }

    /** Whether {@code host} (no port) is this machine by name or loopback address, which Docker reaches over http. */
    static boolean isLocal(String host) {
        return host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]");
    }
}
