package dev.imagescan.vulndb.debian;

import dev.imagescan.vulndb.AffectedPackage;
import dev.imagescan.vulndb.FixStatus;
import dev.imagescan.vulndb.RangeEvent;
import dev.imagescan.vulndb.VersionRange;
import dev.imagescan.vulndb.fetch.FeedFormatException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What the Debian security tracker's JSON says of one CVE in one source package and one release (an object of a
 * {@code releases} map), and the database entry it gives. The words are those the tracker's
 * {@code bin/tracker_service.py} writes from its {@code data/CVE/list} annotations:
 *
 * <table>
 *   <caption>tracker words → entry</caption>
 *   <tr><th>tracker</th><th>entry</th></tr>
 *   <tr><td>{@code fixed_version} {@code 0} ({@code <not-affected>})</td><td>none: not affected</td></tr>
 *   <tr><td>{@code fixed_version} V</td><td>{@code introduced 0, fixed V}</td></tr>
 *   <tr><td>{@code resolved} without a version</td><td>none</td></tr>
 *   <tr><td>{@code open}, urgency {@code end-of-life}</td><td>unfixed, {@link FixStatus#OUT_OF_SUPPORT}</td></tr>
 *   <tr><td>{@code open}, {@code nodsa_reason} {@code ignored}</td><td>unfixed,
 *       {@link FixStatus#WILL_NOT_FIX}</td></tr>
 *   <tr><td>{@code open}, {@code nodsa_reason} {@code postponed}</td><td>unfixed,
 *       {@link FixStatus#FIX_DEFERRED}</td></tr>
 *   <tr><td>{@code open} ({@code <unfixed>}, or {@code <no-dsa>}: {@code nodsa} with an empty reason)</td>
 *       <td>unfixed, {@link FixStatus#AFFECTED}</td></tr>
 *   <tr><td>{@code undetermined}</td><td>unfixed, {@link FixStatus#UNDER_INVESTIGATION}</td></tr>
 * </table>
 *
 * The entry's rating is the urgency verbatim ({@code high**}, {@code unimportant}, …) unless it states no level
 * ({@code not yet assigned}, {@code end-of-life}).
 *
 * @param status  {@code resolved}, {@code open} or {@code undetermined}
 * @param fixed   {@code fixed_version}; null when absent
 * @param urgency {@code urgency}; null when absent
 * @param nodsa   {@code nodsa}, the tracker's reason for no advisory; null when absent
 * @param reason  {@code nodsa_reason}: {@code ignored}, {@code postponed} or empty; null when absent
 */
record TrackerRelease(String status, String fixed, String urgency, String nodsa, String reason) {
    /** A Debian version as the tracker writes it: an optional epoch, then a digit, no space or tag. */
    private static final Pattern VERSION = Pattern.compile("(?:\\d+:)?\\d[A-Za-z0-9.+~:-]{0,255}");
    private static final List<String> STATUSES = List.of("resolved", "open", "undetermined");
    private static final List<String> REASONS = List.of("", "ignored", "postponed");

    /**
     * Checks the words against the tracker's vocabulary.
     *
     * @param where the JSON path of the release object, for messages
     * @throws FeedFormatException naming {@code where} for a status, reason or version of another shape
     */
    TrackerRelease checked(String where) throws FeedFormatException {
        if (status == null) {
            throw new FeedFormatException(where + ": no status");
        }
        if (!STATUSES.contains(status)) {
            throw new FeedFormatException(where + "/status: unknown status '" + status
                    + "' (expected resolved, open or undetermined)");
        }
        if (reason != null && !REASONS.contains(reason)) {
            throw new FeedFormatException(where + "/nodsa_reason: unknown reason '" + reason
                    + "' (expected ignored, postponed or empty)");
        }
        if (fixed != null && !fixed.isEmpty() && !fixed.equals("0") && !VERSION.matcher(fixed).matches()) {
            throw new FeedFormatException(where + "/fixed_version: '" + abbreviated(fixed)
                    + "' is not a Debian version");
        }
        return this;
    }

    /** The database entry for source package {@code name} in {@code ecosystem}; empty when not affected. */
    Optional<AffectedPackage> entry(String ecosystem, String name) {
        if (fixed != null && !fixed.isEmpty()) {
            if (fixed.equals("0")) {
                return Optional.empty();
            }
            return Optional.of(new AffectedPackage(ecosystem, name, List.of(new VersionRange(List.of(
                    RangeEvent.introduced("0"), RangeEvent.fixed(fixed)))), List.of(), rating()));
        }
        FixStatus unfixed = switch (status) {
            case "undetermined" -> FixStatus.UNDER_INVESTIGATION;
            case "open" -> openStatus();
            default -> null; // resolved without a version: nothing to report
        };
        if (unfixed == null) {
            return Optional.empty();
        }
        return Optional.of(new AffectedPackage(ecosystem, name, List.of(new VersionRange(List.of(
                RangeEvent.introduced("0")))), List.of(), rating(), unfixed));
    }

    private FixStatus openStatus() {
        if ("end-of-life".equals(urgency)) {
            return FixStatus.OUT_OF_SUPPORT;
        }
        if ("ignored".equals(reason)) {
            return FixStatus.WILL_NOT_FIX;
        }
        if ("postponed".equals(reason)) {
            return FixStatus.FIX_DEFERRED;
        }
        return FixStatus.AFFECTED;
    }

    /** The urgency when it states a level; null for none, {@code not yet assigned} and {@code end-of-life}. */
    String rating() {
        if (urgency == null || urgency.isBlank() || urgency.equals("not yet assigned")
                || urgency.equals("end-of-life")) {
            return null;
        }
        return urgency;
    }

    private static String abbreviated(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }
}
