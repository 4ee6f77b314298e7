package dev.imagescan.functions.harbor;

import dev.imagescan.report.Finding;
import dev.imagescan.report.SixLevels;

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

    private final String word;

    HarborSeverity(String word) {
        this.word = word;
    }

    /** The word Harbor's schema uses. */
    String word() {
        return word;
    }

    /** The evidence-split six levels ({@link SixLevels}) in Harbor's words. */
    static HarborSeverity of(Finding finding) {
        return switch (SixLevels.of(finding)) {
            case CRITICAL -> CRITICAL;
            case HIGH -> HIGH;
            case MEDIUM -> MEDIUM;
            case LOW -> LOW;
            case NEGLIGIBLE -> NEGLIGIBLE;
            case UNKNOWN -> UNKNOWN;
        };
    }
}
