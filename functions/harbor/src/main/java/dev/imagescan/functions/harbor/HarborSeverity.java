package dev.imagescan.functions.harbor;

import dev.imagescan.report.Finding;
import dev.imagescan.report.SeverityAssessment;
import java.util.Locale;

/**
 * Our four levels on Harbor's six (docs/harbor.md): Medium and Unknown are the same words; High is
 * {@code Critical} when the rating that decided it says critical (a distribution's or GHSA's word) or when it was
 * decided by a CVSS base score of 9.0 or more (the advisories' own vector, or NVD's), else {@code High}; Low is
 * {@code Negligible} when the distribution's word is negligible or unimportant, else {@code Low}. Harbor's
 * "prevent vulnerable images from running" threshold then means what it says at every level, and a finding is never
 * rated above or below our own level's band.
 */
enum HarborSeverity {
    UNKNOWN("Unknown"), NEGLIGIBLE("Negligible"), LOW("Low"), MEDIUM("Medium"), HIGH("High"), CRITICAL("Critical");

    /** CVSS base scores from this up are Critical (CVSS v3's own band). */
    static final double CRITICAL_SCORE = 9.0;

    private final String word;

    HarborSeverity(String word) {
        this.word = word;
    }

    /** The word Harbor's schema uses. */
    String word() {
        return word;
    }

    static HarborSeverity of(Finding finding) {
        SeverityAssessment s = finding.severity();
        String rating = s.rating() == null ? "" : s.rating().strip().toLowerCase(Locale.ROOT).replace("*", "");
        return switch (s.level()) {
            case HIGH -> rating.equals("critical") || decidedByScore(s) ? CRITICAL : HIGH;
            case MEDIUM -> MEDIUM;
            case LOW -> rating.equals("negligible") || rating.equals("unimportant") ? NEGLIGIBLE : LOW;
            case UNKNOWN -> UNKNOWN;
        };
    }

    private static boolean decidedByScore(SeverityAssessment s) {
        boolean byScore = "cvss".equals(s.source()) || "nvd".equals(s.source());
        return byScore && s.cvss() != null && s.cvss().baseScore() >= CRITICAL_SCORE;
    }
}
