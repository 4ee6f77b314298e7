package dev.imagescan.vulndb.osv;

import dev.imagescan.common.NetworkAddresses;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Which redirects a feed download may follow. A feed URL is configuration (a command line, a function's
 * environment), but where it redirects to is the server's word: a redirect may stay on the feed's own host, or go to
 * an https URL on a public address — never to a loopback, link-local (the cloud metadata endpoint 169.254.169.254),
 * private, shared, multicast or unspecified address, nor to another scheme. Plain {@code http} is allowed only when
 * the limits allow it ({@link OsvLimits#plainHttp}, for a local mirror); at most {@value #MAX_REDIRECTS} hops. Public
 * for the CLI's database download, which follows the same rules.
 */
public final class RedirectGuard {
    /** The most redirects one download follows. */
    public static final int MAX_REDIRECTS = 5;

    private RedirectGuard() {}

    /** Whether {@code status} is a redirect this guard handles. */
    public static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    /**
     * The URL to request next after {@code current} answered a redirect to {@code location}.
     *
     * @param origin the feed's own URL
     * @param name   the feed, for messages (the redirect's own URL may carry credentials: only its host is named)
     * @throws IOException when the redirect is refused
     */
    public static URI next(URI origin, URI current, String location, boolean plainHttp, String name)
            throws IOException {
        if (location == null || location.isBlank()) {
            throw new IOException(name + ": a redirect without a Location");
        }
        URI next;
        try {
            next = current.resolve(new URI(location.trim()));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new IOException(name + ": a redirect to an invalid URL", e);
        }
        String scheme = next.getScheme() == null ? "" : next.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(plainHttp && scheme.equals("http"))) {
            throw new IOException(name + ": refused a redirect to a " + scheme + " URL (https only"
                    + (plainHttp ? ", or http" : "") + ")");
        }
        String host = next.getHost();
        if (host == null) {
            throw new IOException(name + ": a redirect to a URL without a host");
        }
        if (host.equalsIgnoreCase(origin.getHost()) && next.getPort() == origin.getPort()) {
            return next; // the feed's own server
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new IOException(name + ": a redirect to " + host + ", which does not resolve", e);
        }
        for (InetAddress address : addresses) {
            String kind = nonPublic(address);
            if (kind != null) {
                throw new IOException(name + ": refused a redirect to " + host + " (" + address.getHostAddress()
                        + ", a " + kind + " address)");
            }
        }
        return next;
    }

    /** What makes {@code address} not a public one, or null when it is public ({@link NetworkAddresses}). */
    static String nonPublic(InetAddress address) {
        return NetworkAddresses.nonPublic(address);
    }
}
