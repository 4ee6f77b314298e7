package dev.imagescan.match;

import dev.imagescan.vulndb.PackageAdvisory;

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

    /** Whether {@code a} is a published DSA or DLA of a Debian release. */
    static boolean isPublishedUpdate(PackageAdvisory a) {
        String id = a.advisory().id();
        return a.affected().ecosystem().startsWith("Debian:") && (id.startsWith("DSA-") || id.startsWith("DLA-"));
    }

    /** Whether {@code a}'s "no fix" yields to a published update's fix: a Debian per-CVE record. */
    static boolean yieldsToPublishedFix(PackageAdvisory a) {
        return a.affected().ecosystem().startsWith("Debian:") && !isPublishedUpdate(a);
    }
}
