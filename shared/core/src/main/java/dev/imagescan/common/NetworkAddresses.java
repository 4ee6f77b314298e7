package dev.imagescan.common;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * Which addresses are public. Used wherever a host name comes from someone else's word (a feed's redirect, a registry
 * named in an API request or an event, a blob redirect): a loopback, link-local (the cloud metadata endpoint
 * 169.254.169.254), private, shared, multicast or unspecified address is refused there unless configured.
 */
public final class NetworkAddresses {
    private NetworkAddresses() {}

    /** What makes {@code address} not a public one ("loopback", "link-local", "private", …), or null when it is. */
    public static String nonPublic(InetAddress address) {
        if (address.isLoopbackAddress()) {
            return "loopback";
        }
        if (address.isLinkLocalAddress()) {
            return "link-local";
        }
        if (address.isSiteLocalAddress()) {
            return "private";
        }
        if (address.isAnyLocalAddress()) {
            return "unspecified";
        }
        if (address.isMulticastAddress()) {
            return "multicast";
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address && (b[0] == 0 || ((b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64))) {
            return "reserved or shared"; // 0.0.0.0/8, 100.64.0.0/10 (carrier-grade NAT)
        }
        if (address instanceof Inet6Address && (b[0] & 0xfe) == 0xfc) {
            return "private"; // fc00::/7, unique local
        }
        return null;
    }
}
