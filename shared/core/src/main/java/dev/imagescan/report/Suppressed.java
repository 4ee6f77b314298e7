package dev.imagescan.report;

import java.util.List;

/**
 * The findings of a report that ignore entries or VEX statements suppressed, and notices about those rules.
 *
 * @param findings the suppressed findings, in report order
 * @param counts   their counts by level
 * @param notices  one line per rule people should look at (an ignore entry past its expiry date)
 */
public record Suppressed(List<SuppressedFinding> findings, SeverityCounts counts, List<String> notices) {
    /** Nothing suppressed, nothing to say. */
    public static final Suppressed NONE = new Suppressed(List.of(), SeverityCounts.NONE, List.of());

    public Suppressed {
        findings = List.copyOf(findings);
        notices = List.copyOf(notices);
    }

    /** {@code findings} with their counts. */
    public static Suppressed of(List<SuppressedFinding> findings, List<String> notices) {
        return new Suppressed(findings, SeverityCounts.of(findings.stream().map(SuppressedFinding::finding)
                .toList()), notices);
    }
}
