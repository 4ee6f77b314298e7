package dev.imagescan.functions.dbupdate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The database update function's settings, from its environment: {@code IMAGESCAN_BUCKET}, {@code IMAGESCAN_FEEDS}
 * (comma-separated http(s) URLs of OSV feeds, e.g. {@code https://osv-vulnerabilities.storage.googleapis.com/Debian/all.zip})
 * and {@code IMAGESCAN_MAX_DROP} (the largest fraction by which the advisory count may fall, 0 to 1, default
 * {@value #DEFAULT_MAX_DROP}). Endpoint overrides are {@code store.aws.AwsClients}'.
 *
 * @param feeds at least one, none repeated
 */
public record DbUpdateSettings(String bucket, List<String> feeds, double maxDrop) {
    public static final double DEFAULT_MAX_DROP = 0.5;

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
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("function environment: " + String.join("; ", problems));
        }
        return new DbUpdateSettings(bucket, feeds, maxDrop);
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
            if (!lower.startsWith("https://") && !lower.startsWith("http://")) {
                problems.add("IMAGESCAN_FEEDS: '" + feed + "' is not an http(s) URL");
            }
        }
        if (feeds.stream().distinct().count() != feeds.size()) {
            problems.add("IMAGESCAN_FEEDS names a feed twice");
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
