package dev.imagescan.vulndb.amazon;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The hosts of Amazon's Amazon Linux 1 (AMI) repository, which serve it over plain http only: the mirror list's
 * {@code repo.<region>.amazonaws.com} and the mirrors it names, {@code packages.<region>.amazonaws.com} (and their
 * {@code .amazonaws.com.cn} twins). Plain http is allowed for these alone when the default feed is read, so that
 * Amazon Linux 1 is fetched by default without allowing plain http anywhere else.
 */
final class Al1RepositoryHosts {
    private static final Pattern HOST =
            Pattern.compile("(repo|packages)\\.[a-z]{2}(-[a-z]+)+-\\d{1,2}\\.amazonaws\\.com(\\.cn)?");

    private Al1RepositoryHosts() {}

    /** Whether {@code location} is a plain http URL (default port) of one of these hosts. */
    static boolean servesOverPlainHttp(String location) {
        URI uri;
        try {
            uri = new URI(location);
        } catch (URISyntaxException e) {
            return false;
        }
        String host = uri.getHost();
        return "http".equalsIgnoreCase(uri.getScheme()) && host != null && uri.getRawUserInfo() == null
                && (uri.getPort() == -1 || uri.getPort() == 80)
                && HOST.matcher(host.toLowerCase(Locale.ROOT)).matches();
    }
}
