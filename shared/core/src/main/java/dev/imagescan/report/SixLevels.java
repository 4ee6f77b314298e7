package dev.imagescan.report;

import java.util.Locale;

/**
 * Our four levels on the six-level scales of other tools (Harbor: Critical, High, Medium, Low, Negligible, Unknown;
 * GitLab: Critical, High, Medium, Low, Info, Unknown), split only by evidence the finding carries: a High is
 * {@link #CRITICAL} when the rating that decided it says critical (Red Hat's "Critical", GHSA's "CRITICAL") or when a
 * CVSS base score of 9.0 or more decided it (the advisories' own vector, or NVD's); a Low is {@link #NEGLIGIBLE} when
 * the distribution's word is negligible or unimportant (Ubuntu, Debian). A finding is never moved out of its own
 * level's band (docs/harbor.md, docs/report-format.md).
 */
public enum SixLevels {
    UNKNOWN, NEGLIGIBLE, LOW, MEDIUM, HIGH, CRITICAL;

    /** CVSS base scores from this up are Critical (CVSS v3's own band). */
    public static final double CRITICAL_SCORE = 9.0;

    /** The level of {@code finding} on the six-level scale. */
    public static SixLevels of(Finding finding) {
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
