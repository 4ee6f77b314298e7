package dev.imagescan.vulndb;

import java.time.Instant;
import java.util.List;

/**
 * The package-independent part of one OSV record.
 *
 * @param id         the record's id: {@code DSA-5514-1}, {@code CVE-2024-3094}, {@code RHSA-2024:1234}, ...
 * @param aliases    the record's {@code aliases} and {@code upstream} ids (CVE ↔ DSA/DLA/USN/RHSA/ALSA ...), without
 *                   {@code id} itself, without duplicates, in their order in the record
 * @param summary    the summary, else the first line of details (trimmed to a few hundred characters); may be empty
 * @param published  null when the record does not say
 * @param modified   the record's modified time (required by OSV)
 * @param cvss       every CVSS vector of the record's top-level {@code severity}, with its computed base score
 * @param rating     a distribution's own rating stated for the whole record (Ubuntu's {@code severity} of type
 *                   {@code Ubuntu}, a top-level {@code database_specific.severity}), verbatim; null when none
 * @param references reference URLs, ADVISORY ones first; at most a handful
 */
public record Advisory(String id, List<String> aliases, String summary, Instant published, Instant modified,
        List<CvssScore> cvss, String rating, List<String> references) {
    public Advisory {
        aliases = List.copyOf(aliases);
        cvss = List.copyOf(cvss);
        references = List.copyOf(references);
    }
}
