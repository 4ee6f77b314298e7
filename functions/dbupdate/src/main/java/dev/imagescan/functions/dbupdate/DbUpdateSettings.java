package dev.imagescan.functions.dbupdate;

import dev.imagescan.vulndb.AdvisorySources;
import dev.imagescan.vulndb.osv.OsvLimits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The database update function's settings, from its environment: {@code IMAGESCAN_BUCKET}, {@code IMAGESCAN_FEEDS}
 * (comma-separated http(s) URLs of OSV feeds, e.g. {@code https://osv-vulnerabilities.storage.googleapis.com/Debian/all.zip}
 * , and named feeds: {@code nvd}, {@code epss}, {@code kev}, {@code alpine} from their official URLs, or
 * {@code NAME=URL})
 * and {@code IMAGESCAN_MAX_DROP} (the largest fraction by which the advisory count may fall, 0 to 1, default
 * {@value #DEFAULT_MAX_DROP}), and the download limits sized to the function: {@code IMAGESCAN_MAX_DOWNLOAD_MB}
 * (default {@value #DEFAULT_MAX_DOWNLOAD_MB}: half the template's 2,048 MB {@code /tmp}, the other half holds the
 * artifact) and {@code IMAGESCAN_DOWNLOAD_TIMEOUT_SECONDS} (default {@value #DEFAULT_DOWNLOAD_TIMEOUT_SECONDS}, within
 * the 900 s timeout). At run time each download is also held to half the free space of {@code /tmp} and to the
 * invocation's remaining time less the time kept to build ({@code DatabaseUpdateService.update(Duration)}). Endpoint
 * overrides are {@code store.aws.AwsClients}'.
 *
 * @param feeds                  at least one, none repeated
 * @param maxDownloadMb          the largest download of one feed, in MiB
 * @param downloadTimeoutSeconds how long one download may take
 */
public record DbUpdateSettings(String bucket, List<String> feeds, double maxDrop, long maxDownloadMb,
        long downloadTimeoutSeconds, boolean allowHttp) {
    public static final double DEFAULT_MAX_DROP = 0.5;
    public static final long DEFAULT_MAX_DOWNLOAD_MB = 1024;
    public static final long DEFAULT_DOWNLOAD_TIMEOUT_SECONDS = 600;

    public DbUpdateSettings {
        feeds = List.copyOf(feeds);
    }

    /** Reads the settings; every problem at once in one {@link IllegalArgumentException} naming the variables. */
    public static DbUpdateSettings fromEnvironment(Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        String bucket = blankToNull(env.get("IMAGESCAN_BUCKET"));
        if (bucket == null) {
            problems.add("IMAGESCAN_BUCKET is not set");
        }
        List<String> feeds = feeds(blankToNull(env.get("IMAGESCAN_FEEDS")), problems);
        double maxDrop = maxDrop(blankToNull(env.get("IMAGESCAN_MAX_DROP")), problems);
        long downloadMb = positive(env, "IMAGESCAN_MAX_DOWNLOAD_MB", DEFAULT_MAX_DOWNLOAD_MB, 1L << 20, problems);
        long timeout = positive(env, "IMAGESCAN_DOWNLOAD_TIMEOUT_SECONDS", DEFAULT_DOWNLOAD_TIMEOUT_SECONDS, 900,
                problems);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("function environment: " + String.join("; ", problems));
        }
        boolean allowHttp = Boolean.parseBoolean(blankToNull(env.get("IMAGESCAN_ALLOW_HTTP_FEEDS")));
        return new DbUpdateSettings(bucket, feeds, maxDrop, downloadMb, timeout, allowHttp);
    }

    /**
     * {@code base} with these settings' download size and time, and plain http only where
     * {@code IMAGESCAN_ALLOW_HTTP_FEEDS=true} (a local mirror; the feeds are https otherwise).
     */
    public OsvLimits limits(OsvLimits base) {
        return base.withMaxDownloadBytes(maxDownloadMb << 20)
                .withTimeouts(base.connectTimeout(), Duration.ofSeconds(downloadTimeoutSeconds))
                .withPlainHttp(allowHttp);
    }

    private static long positive(Map<String, String> env, String name, long fallback, long max,
            List<String> problems) {
        String value = blankToNull(env.get(name));
        if (value == null) {
            return fallback;
        }
        try {
            long n = Long.parseLong(value);
            if (n > 0 && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add(name + " must be a whole number from 1 to " + max + ", not '" + value + "'");
        return fallback;
    }

    private static List<String> feeds(String value, List<String> problems) {
        if (value == null) {
            problems.add("IMAGESCAN_FEEDS is not set (comma-separated http(s) URLs of OSV feeds)");
            return List.of();
        }
        List<String> feeds = Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        if (feeds.isEmpty()) {
            problems.add("IMAGESCAN_FEEDS names no feed");
        }
        for (String feed : feeds) {
            String lower = feed.toLowerCase(Locale.ROOT);
            int eq = lower.indexOf('=');
            String name = eq < 0 ? lower : lower.substring(0, eq);
            String url = eq < 0 || !AdvisorySources.NAMES.contains(name) ? lower : lower.substring(eq + 1);
            boolean named = AdvisorySources.NAMES.contains(name) && !AdvisorySources.NEED_LOCATION.contains(name)
                    && eq < 0;
            if (!named && !url.startsWith("https://") && !url.startsWith("http://")) {
                problems.add("IMAGESCAN_FEEDS: '" + feed + "' is not an http(s) URL, nor a named feed (NAME or"
                        + " NAME=URL; NAME one of " + String.join(", ", AdvisorySources.NAMES) + ")");
            }
        }
        if (feeds.stream().distinct().count() != feeds.size()) {
            problems.add("IMAGESCAN_FEEDS names a feed twice");
        } else {
            Set<String> named = new HashSet<>();
            for (String feed : feeds) {
                String head = feed.split("=", 2)[0].toLowerCase(Locale.ROOT);
                if (AdvisorySources.NAMES.contains(head) && !head.equals("osv") && !named.add(head)) {
                    problems.add("IMAGESCAN_FEEDS gives " + head + " more than once: each would be a source of its"
                            + " own, and records of the same id from two of them would be merged away; give " + head
                            + " once (without a location it reads every official document)");
                }
            }
        }
        return feeds;
    }

    private static double maxDrop(String value, List<String> problems) {
        if (value == null) {
            return DEFAULT_MAX_DROP;
        }
        try {
            double d = Double.parseDouble(value);
            if (d >= 0 && d <= 1) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add("IMAGESCAN_MAX_DROP must be a fraction from 0 to 1, not '" + value + "'");
        return DEFAULT_MAX_DROP;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
