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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
     * The sources {@code specs} name, in order, as {@link #of} reads each, except that a name given more than once
     * with a location ({@code --source alpine=A --source alpine=B}) is one source reading all its locations: a
     * source joins what its documents say (Alpine's secdb gives one record per CVE across branches and
     * repositories), where one source per document would give records of the same id, of which the merge keeps
     * only one. OSV locations stay one source each (their records carry their own ids).
     *
     * @throws IllegalArgumentException for an unknown name, {@code osv} without a location, or a name given both
     *                                  with and without a location
     */
    public static List<AdvisorySource> ofAll(List<String> specs, Options options) throws IOException {
        Map<String, List<String>> located = new LinkedHashMap<>(); // a named source's locations, all its specs'
        Set<String> official = new HashSet<>();
        for (String spec : specs) {
            String head = groupedName(spec);
            if (head != null) {
                located.computeIfAbsent(head, k -> new ArrayList<>()).add(spec.substring(spec.indexOf('=') + 1));
            } else if (spec.indexOf('=') < 0) {
                official.add(spec.toLowerCase(Locale.ROOT));
            }
        }
        List<AdvisorySource> sources = new ArrayList<>();
        Set<String> built = new HashSet<>();
        for (String spec : specs) {
            String head = groupedName(spec);
            if (head == null) {
                sources.add(of(spec, options));
            } else if (official.contains(head)) {
                throw new IllegalArgumentException("source " + head + " is given both with and without a location:"
                        + " give its official documents (no location) or the ones you name, not both");
            } else if (built.add(head)) {
                sources.add(named(head, located.get(head), options));
            }
        }
        return sources;
    }

    /** The name of a {@code NAME=LOCATION} spec of a named source other than OSV; null for any other spec. */
    private static String groupedName(String spec) {
        int eq = spec.indexOf('=');
        if (eq < 0) {
            return null;
        }
        String head = spec.substring(0, eq).toLowerCase(Locale.ROOT);
        if (!NAMES.contains(head) || head.equals("osv")) {
            return null;
        }
        if (spec.substring(eq + 1).isBlank()) {
            throw new IllegalArgumentException("source " + head + "= names no file or URL");
        }
        return head;
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
        if (head.equals("osv")) {
            if (location == null) {
                throw new IllegalArgumentException("source osv needs a location: osv=FILE|DIRECTORY|ZIP|URL");
            }
            return osv(location, options);
        }
        return named(head, location == null ? null : List.of(location), options);
    }

    /** The named source {@code head} (not OSV) reading {@code locations}, or its official ones when null. */
    private static AdvisorySource named(String head, List<String> given, Options options) {
        FeedFetcher fetcher = new FeedFetcher(options.fetch(),
                options.cache() == null ? null : options.cache().resolve(head));
        return switch (head) {
            case "nvd" -> new NvdSource(new FeedLocations(given == null ? NvdSource.officialFeeds() : given,
                    fetcher));
            case "epss" -> new EpssSource(new FeedLocations(given == null ? List.of(EpssSource.OFFICIAL_URL)
                    : given, fetcher));
            case "kev" -> new KevSource(new FeedLocations(given == null ? List.of(KevSource.OFFICIAL_URL) : given,
                    fetcher));
            case "alpine" -> new AlpineSecdbSource(new FeedLocations(given == null
                    ? AlpineSecdbSource.officialFeeds() : given, fetcher));
            case "oracle" -> new OracleElsaSource(new FeedLocations(given == null
                    ? List.of(OracleElsaSource.OFFICIAL_URL) : given, fetcher));
            case "debian" -> new DebianSecurityListSource(new FeedLocations(given == null
                    ? DebianSecurityListSource.OFFICIAL_URLS : given, fetcher));
            case "debian-tracker" -> new DebianTrackerSource(new FeedLocations(given == null
                    ? List.of(DebianTrackerSource.OFFICIAL_URL) : given, fetcher));
            case "redhat-csaf" -> new RedHatCsafSource(head, new FeedLocations(given == null
                    ? List.of(RedHatCsafSource.ADVISORIES_URL) : given, fetcher));
            case "redhat-vex" -> new RedHatCsafSource(head, new FeedLocations(given == null
                    ? List.of(RedHatCsafSource.VEX_URL) : given, fetcher));
            case "redhat-cpe" -> new RepositoryCpeSource(new FeedLocations(given == null
                    ? List.of(RepositoryCpeSource.OFFICIAL_URL) : given, fetcher));
            case "amazon" -> new AmazonAlasSource(new FeedLocations(given == null
                    ? AmazonAlasSource.officialMirrorLists() : given, fetcher));
            case "ubuntu-tracker" -> new UbuntuTrackerSource(new FeedLocations(given == null
                    ? List.of(UbuntuTrackerSource.OFFICIAL_URL) : given, fetcher));
            default -> throw new IllegalStateException(head);
        };
    }
}
