package dev.imagescan.assess;

import dev.imagescan.policy.Verdict;
import dev.imagescan.report.VulnerabilityReport;

/**
 * What {@link Assessor#assess} found for one image.
 *
 * @param report  the vulnerability report, with the findings the filter shows
 * @param verdict the policy's verdict on every finding (whatever the filter shows); null when no policy was applied
 */
public record Assessment(VulnerabilityReport report, Verdict verdict) {}
