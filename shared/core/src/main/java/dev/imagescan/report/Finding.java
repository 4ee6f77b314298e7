package dev.imagescan.report;

import dev.imagescan.inventory.Package;
import dev.imagescan.vulndb.CveSignals;
import dev.imagescan.vulndb.FixStatus;
import java.util.List;

/**
 * One vulnerability of one installed package, as the report shows it.
 *
 * @param id             the CVE id, else the advisory id
 * @param advisoryIds    the ids of every advisory that found it (DSA, DLA, DEBIAN-CVE, USN, RHSA, ALSA, ...)
 * @param aliases        every other id it is known by
 * @param pkg            the installed package
 * @param matchedName    the name the advisories use for it (the source package for Debian, Ubuntu and Alpine)
 * @param fixedVersion   the version that fixes it; null when no fix is available
 * @param severity       its level and why
 * @param summary        one line about it
 * @param references     a few links
 * @param command        the command that installs the fix; null when there is none
 * @param baseLayer      whether the package came with the image's first layer (its base) rather than a later one
 * @param kev            its CISA KEV entry (exploited in the wild); null when it is not listed
 * @param epss           its EPSS score; null when none is known
 * @param status         {@link FixStatus#FIXED} when there is a fixed version, else why there is none as the vendor
 *                       says (no fix yet, will not fix, out of support, …)
 */
public record Finding(String id, List<String> advisoryIds, List<String> aliases, Package pkg, String matchedName,
        String fixedVersion, SeverityAssessment severity, String summary, List<String> references, String command,
        boolean baseLayer, CveSignals.Kev kev, CveSignals.Epss epss, FixStatus status) {
    public Finding {
        advisoryIds = List.copyOf(advisoryIds);
        aliases = List.copyOf(aliases);
        references = List.copyOf(references);
        if (fixedVersion != null) {
            status = FixStatus.FIXED;
        } else if (status == null || status == FixStatus.FIXED) {
            status = FixStatus.AFFECTED;
        }
    }

    /** A finding whose status follows from its fixed version: fixed, or affected with no fix yet. */
    public Finding(String id, List<String> advisoryIds, List<String> aliases, Package pkg, String matchedName,
            String fixedVersion, SeverityAssessment severity, String summary, List<String> references, String command,
            boolean baseLayer, CveSignals.Kev kev, CveSignals.Epss epss) {
        this(id, advisoryIds, aliases, pkg, matchedName, fixedVersion, severity, summary, references, command,
                baseLayer, kev, epss, null);
    }

    /** A finding without exploitation data. */
    public Finding(String id, List<String> advisoryIds, List<String> aliases, Package pkg, String matchedName,
            String fixedVersion, SeverityAssessment severity, String summary, List<String> references, String command,
            boolean baseLayer) {
        this(id, advisoryIds, aliases, pkg, matchedName, fixedVersion, severity, summary, references, command,
                baseLayer, null, null, null);
    }

    /** Whether CISA lists it as exploited in the wild. */
    public boolean knownExploited() {
        return kev != null;
    }

    /** Its EPSS score, or -1 when none is known (for ordering). */
    public double epssScore() {
        return epss == null ? -1 : epss.score();
    }

    public boolean fixable() {
        return fixedVersion != null;
    }

    /** What to show where the fixed version would be: the version, else the status ({@code (will not fix)}). */
    public String fixedVersionOrStatus() {
        return fixable() ? fixedVersion : "(" + status.label() + ")";
    }

    /**
     * Whether this is a malicious-package report (an OSV {@code MAL-} record): the package is malware, to be removed,
     * not a vulnerable version to upgrade; reports list these apart.
     */
    public boolean malicious() {
        return id.startsWith("MAL-") || advisoryIds.stream().anyMatch(a -> a.startsWith("MAL-"));
    }

    public Severity level() {
        return severity.level();
    }
}
