package dev.imagescan.match;

import dev.imagescan.inventory.Package;
import dev.imagescan.vulndb.CveSignals;
import dev.imagescan.vulndb.FixStatus;
import dev.imagescan.vulndb.PackageAdvisory;
import java.util.List;

/**
 * One vulnerability of one installed package: every advisory that says so, merged across aliases.
 *
 * @param vulnerabilityId the CVE id when any advisory names one, else the first advisory's id
 * @param advisories      the advisories (with their entry for this package) that found the package affected, by id
 * @param matchedName     the name that was looked up (the source package for Debian, Ubuntu and Alpine)
 * @param matchedVersion  the version that was compared (the source version for Debian and Ubuntu)
 * @param fixedVersion    the version that fixes every one of those advisories for this package; null when at least
 *                        one of them names no fix
 * @param signals         what NVD, EPSS and CISA KEV say of the vulnerability id, as the database holds it; null when
 *                        none of them lists it
 * @param status          {@link FixStatus#FIXED} with a fixed version; else why there is none, as the advisories say
 *                        (of several, the one {@link FixStatus#precedence} picks)
 */
public record Match(String vulnerabilityId, Package pkg, List<PackageAdvisory> advisories, String matchedName,
        String matchedVersion, String fixedVersion, CveSignals signals, FixStatus status) {
    public Match {
        advisories = List.copyOf(advisories);
        if (fixedVersion != null) {
            status = FixStatus.FIXED;
        } else if (status == null || status == FixStatus.FIXED) {
            status = FixStatus.AFFECTED;
        }
    }

    /** A match whose status follows from its fixed version: fixed, or affected with no fix yet. */
    public Match(String vulnerabilityId, Package pkg, List<PackageAdvisory> advisories, String matchedName,
            String matchedVersion, String fixedVersion, CveSignals signals) {
        this(vulnerabilityId, pkg, advisories, matchedName, matchedVersion, fixedVersion, signals, null);
    }

    /** A match without severity or exploitation data. */
    public Match(String vulnerabilityId, Package pkg, List<PackageAdvisory> advisories, String matchedName,
            String matchedVersion, String fixedVersion) {
        this(vulnerabilityId, pkg, advisories, matchedName, matchedVersion, fixedVersion, null, null);
    }

    public boolean fixable() {
        return fixedVersion != null;
    }

    /**
     * Whether this is a malicious-package report (OSV {@code MAL-} ids, from the OpenSSF malicious-packages feed):
     * the package itself is malware, not a vulnerable version, and is reported in its own category.
     */
    public boolean malicious() {
        return vulnerabilityId.startsWith("MAL-") || advisories.stream().anyMatch(a -> a.advisory().id()
                .startsWith("MAL-"));
    }

    /** Every id this vulnerability is known by: the advisories' ids and aliases, the vulnerability id first. */
    public List<String> allIds() {
        java.util.LinkedHashSet<String> ids = new java.util.LinkedHashSet<>();
        ids.add(vulnerabilityId);
        for (PackageAdvisory a : advisories) {
            ids.add(a.advisory().id());
        }
        for (PackageAdvisory a : advisories) {
            ids.addAll(a.advisory().aliases());
        }
        return List.copyOf(ids);
    }
}
