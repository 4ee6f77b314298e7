package dev.imagescan.match;

import dev.imagescan.version.VersionComparator;
import dev.imagescan.vulndb.PackageAdvisory;
import dev.imagescan.vulndb.RangeEvent;
import dev.imagescan.vulndb.VersionRange;

/**
 * Debian's two kinds of advisories and which one wins when they disagree. A DSA or DLA (the security tracker's
 * {@code data/DSA/list} and {@code data/DLA/list}, or OSV's copies) announces an update that was published to the
 * archive; a per-CVE record ({@code DEBIAN-CVE-…}: the tracker's JSON, or OSV's copy of it) gives the tracker's
 * status of the CVE in each release. Where a published update names a fix for the release, package and CVE, that fix
 * is the answer even when the per-CVE record still says open (no DSA, ignored, postponed, end of life): the update
 * exists, so the status is out of date, and reporting "no fix" would hide a fixable finding from
 * {@code --ignore-unfixed}. Trivy's Debian source applies the same rule.
 */
final class DebianUpdates {
    private DebianUpdates() {}

    /** Whether {@code ecosystem} is a Debian release's, the only one whose entries these rules concern. */
    static boolean isDebian(String ecosystem) {
        return ecosystem.startsWith("Debian:");
    }

    /** Whether {@code a} is a published DSA or DLA of a Debian release. */
    static boolean isPublishedUpdate(PackageAdvisory a) {
        String id = a.advisory().id();
        return isDebian(a.affected().ecosystem()) && (id.startsWith("DSA-") || id.startsWith("DLA-"));
    }

    /** Whether {@code a}'s "no fix" yields to a published update's fix: a Debian per-CVE record. */
    static boolean yieldsToPublishedFix(PackageAdvisory a) {
        return isDebian(a.affected().ecosystem()) && !isPublishedUpdate(a);
    }

    /** Whether published update {@code a} names a fix at or below {@code version}: the version has that fix. */
    static boolean fixedAtOrBelow(PackageAdvisory a, String version, VersionComparator cmp) {
        if (!isPublishedUpdate(a)) {
            return false;
        }
        for (VersionRange range : a.affected().ranges()) {
            for (RangeEvent e : range.events()) {
                if (e.type() == RangeEvent.Type.FIXED && cmp.compare(version, e.version()) >= 0) {
                    return true;
                }
            }
        }
        return false;
    }
}
