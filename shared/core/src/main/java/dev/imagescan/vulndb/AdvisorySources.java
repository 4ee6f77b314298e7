package dev.imagescan.vulndb;

import dev.imagescan.vulndb.alpine.AlpineSecdbSource;
import dev.imagescan.vulndb.amazon.AmazonAlasSource;
import dev.imagescan.vulndb.debian.DebianSecurityListSource;
import dev.imagescan.vulndb.debian.DebianTrackerSource;
import dev.imagescan.vulndb.epss.EpssSource;
import dev.imagescan.vulndb.fetch.FeedFetcher;
import dev.imagescan.vulndb.fetch.FeedLocations;
import dev.imagescan.vulndb.fetch.FetchLimits;
import dev.imagescan.vulndb.kev.KevSource;
import dev.imagescan.vulndb.nvd.NvdSource;
import dev.imagescan.vulndb.oracle.OracleElsaSource;
import dev.imagescan.vulndb.osv.OsvLimits;
import dev.imagescan.vulndb.osv.OsvSources;
import dev.imagescan.vulndb.redhat.RedHatCsafSource;
import dev.imagescan.vulndb.redhat.RepositoryCpeSource;
import dev.imagescan.vulndb.ubuntu.UbuntuTrackerSource;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The advisory sources by name, where they are chosen ({@code imagescan db build --source NAME[=FILE|URL]}, the
 * database update's feeds): {@code osv=LOCATION} (an OSV file, directory, zip or URL), {@code nvd}, {@code epss},
 * {@code kev}, {@code alpine} (secdb main and community), {@code oracle} (ELSA OVAL), {@code debian} (the
 * security tracker's DSA and DLA lists), {@code debian-tracker} (the security tracker's JSON: open issues with
 * their status and urgency), {@code redhat-csaf} (Red Hat's CSAF advisories), {@code redhat-vex}
 * (Red Hat's CSAF VEX files), {@code redhat-cpe} (Red Hat's repository-to-CPE mapping: which product streams an
 * image's content sets are) and {@code amazon} (ALAS from Amazon Linux's repositories: a release's
 * {@code mirror.list}, or an {@code updateinfo.xml}) and {@code ubuntu-tracker} (the Ubuntu CVE tracker: by default
 * the snapshot of its master branch Launchpad's cgit serves; or a checkout's directory, or a tarball of one, a file
 * or a URL), each with its official URL(s) unless a file or URL is given. A location without a name is OSV, as
 * {@code --from} has always read it.
 */
public final class AdvisorySources {
    /** The names {@link #of} knows, for messages. */
    public static final List<String> NAMES = List.of("osv", "nvd", "epss", "kev", "alpine", "oracle", "debian",
            "redhat-csaf", "redhat-vex", "redhat-cpe", "amazon", "debian-tracker", "ubuntu-tracker");
    /** The names among {@link #NAMES} that have no official location: {@code NAME=LOCATION} only. */
    public static final List<String> NEED_LOCATION = List.of("osv");

    private AdvisorySources() {}

    /**
     * How sources fetch.
     *
     * @param fetch the bounds of a download and a read (and whether plain http is allowed)
     * @param osv   the bounds of the OSV import
     * @param cache where downloads are kept for conditional requests (ETag, If-Modified-Since); null: none
     */
    public record Options(FetchLimits fetch, OsvLimits osv, Path cache) {
        public static final Options DEFAULT = new Options(FetchLimits.DEFAULT, OsvLimits.DEFAULT, null);

        /** The same options with plain http allowed or not, for every source. */
        public Options withPlainHttp(boolean allowed) {
            return new Options(fetch.withPlainHttp(allowed), osv.withPlainHttp(allowed), cache);
        }

        public Options withCache(Path directory) {
            return new Options(fetch, osv, directory);
        }
    }

    /**
     * Where a source {@code spec} built with {@link Options#cache() cache} {@code root} keeps its downloads and their
     * validators ({@code FeedFetcher}'s cache): {@code root/<name>}, {@code root/osv} for an OSV URL; null for a local
     * OSV file or directory, which keeps none.
     */
    public static Path cacheDirectory(String spec, Path root) {
        int eq = spec.indexOf('=');
        String head = (eq < 0 ? spec : spec.substring(0, eq)).toLowerCase(Locale.ROOT);
        if (!NAMES.contains(head) || head.equals("osv")) {
            String location = NAMES.contains(head) ? spec.substring(eq + 1) : spec;
            return isUrl(location) ? root.resolve("osv") : null;
        }
        return root.resolve(head);
    }

    private static boolean isUrl(String location) {
        String lower = location.toLowerCase(Locale.ROOT);
        return lower.startsWith("http://") || lower.startsWith("https://");
    }

    /** An OSV location as a source: a URL downloaded through {@code options}' cache when it has one. */
    private static AdvisorySource osv(String location, Options options) throws IOException {
        return OsvSources.of(location, options.osv(), options.cache() == null ? null
                : cacheDirectory("osv=" + location, options.cache()));
    }

    /**
     * The source {@code spec} names: {@code NAME}, {@code NAME=LOCATION}, or a bare OSV location.
     *
     * @throws IllegalArgumentException for an unknown name, or {@code osv} without a location
     */
    public static AdvisorySource of(String spec, Options options) throws IOException {
        int eq = spec.indexOf('=');
        String head = (eq < 0 ? spec : spec.substring(0, eq)).toLowerCase(Locale.ROOT);
        String location = eq < 0 ? null : spec.substring(eq + 1);
        if (!NAMES.contains(head)) {
            return osv(spec, options);
        }
        if (location != null && location.isBlank()) {
            throw new IllegalArgumentException("source " + head + "= names no file or URL");
        }
        FeedFetcher fetcher = new FeedFetcher(options.fetch(),
                options.cache() == null ? null : options.cache().resolve(head));
        return switch (head) {
            case "osv" -> {
                if (location == null) {
                    throw new IllegalArgumentException("source osv needs a location: osv=FILE|DIRECTORY|ZIP|URL");
                }
                yield osv(location, options);
            }
            case "nvd" -> new NvdSource(new FeedLocations(location == null ? NvdSource.officialFeeds()
                    : List.of(location), fetcher));
            case "epss" -> new EpssSource(new FeedLocations(List.of(location == null ? EpssSource.OFFICIAL_URL
                    : location), fetcher));
            case "kev" -> new KevSource(new FeedLocations(List.of(location == null ? KevSource.OFFICIAL_URL
                    : location), fetcher));
            case "alpine" -> new AlpineSecdbSource(new FeedLocations(location == null
                    ? AlpineSecdbSource.officialFeeds() : List.of(location), fetcher));
            case "oracle" -> new OracleElsaSource(new FeedLocations(List.of(location == null
                    ? OracleElsaSource.OFFICIAL_URL : location), fetcher));
            case "debian" -> new DebianSecurityListSource(new FeedLocations(location == null
                    ? DebianSecurityListSource.OFFICIAL_URLS : List.of(location), fetcher));
            case "debian-tracker" -> new DebianTrackerSource(new FeedLocations(List.of(location == null
                    ? DebianTrackerSource.OFFICIAL_URL : location), fetcher));
            case "redhat-csaf" -> new RedHatCsafSource(head, new FeedLocations(List.of(location == null
                    ? RedHatCsafSource.ADVISORIES_URL : location), fetcher));
            case "redhat-vex" -> new RedHatCsafSource(head, new FeedLocations(List.of(location == null
                    ? RedHatCsafSource.VEX_URL : location), fetcher));
            case "redhat-cpe" -> new RepositoryCpeSource(new FeedLocations(List.of(location == null
                    ? RepositoryCpeSource.OFFICIAL_URL : location), fetcher));
            case "amazon" -> new AmazonAlasSource(new FeedLocations(location == null
                    ? AmazonAlasSource.officialMirrorLists() : List.of(location), fetcher));
            case "ubuntu-tracker" -> new UbuntuTrackerSource(new FeedLocations(List.of(location == null
                    ? UbuntuTrackerSource.OFFICIAL_URL : location), fetcher));
            default -> throw new IllegalStateException(head);
        };
    }
}
