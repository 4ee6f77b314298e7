package dev.imagescan.report;

import java.util.Locale;

/** The four levels users see, most severe first. See docs/severity.md for how a finding gets one. */
public enum Severity {
    HIGH("High"),
    MEDIUM("Medium"),
    LOW("Low"),
    UNKNOWN("Unknown");

    private final String label;

    Severity(String label) {
        this.label = label;
    }

    /** {@code High}, {@code Medium}, {@code Low}, {@code Unknown}. */
    public String label() {
        return label;
    }

    /** The level of a CVSS base score: High ≥ 7.0, Medium ≥ 4.0, Low > 0; Unknown for 0 or no score. */
    public static Severity ofScore(double score) {
        if (score >= 7.0) {
            return HIGH;
        }
        if (score >= 4.0) {
            return MEDIUM;
        }
        return score > 0 ? LOW : UNKNOWN;
    }

    /** Parses {@code high}, {@code High}, {@code HIGH}. */
    public static Severity parse(String s) {
        for (Severity v : values()) {
            if (v.name().equalsIgnoreCase(s.trim())) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown severity '" + s + "'; choose from High, Medium, Low, Unknown");
    }

    public boolean atLeast(Severity other) {
        return ordinal() <= other.ordinal();
    }

    @Override
    public String toString() {
        return label.toLowerCase(Locale.ROOT);
    }
}
