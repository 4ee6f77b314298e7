package dev.imagescan.report;

import dev.imagescan.vulndb.CvssScore;

/**
 * A finding's level and why.
 *
 * @param level  the level users see
 * @param source where the level comes from: a distribution ({@code debian}, {@code ubuntu}, {@code redhat},
 *               {@code rocky}, {@code almalinux}, {@code alpine}), {@code cvss} (the advisories' own vector),
 *               {@code nvd} (NVD's vector, when the advisories rate it neither way), or {@code none}
 * @param rating the distribution's rating verbatim ({@code unimportant}, {@code Important}, ...); null when none
 * @param cvss   the CVSS score kept with the finding (whether or not it decided the level); null when none
 */
public record SeverityAssessment(Severity level, String source, String rating, CvssScore cvss) {}
