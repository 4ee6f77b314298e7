package dev.imagescan.cli;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What {@code imagescan scan --format} writes. */
enum OutputFormat {
    /** The vulnerability report for people: findings by level, fix plan. */
    TABLE(true),
    /** The vulnerability report as JSON (docs/report-format.md). */
    JSON(true),
    /** The policy verdict as JSON (docs/policy.md): the --policy one, else the default policy. */
    VERDICT(true),
    /** The inventory as a CycloneDX 1.5 JSON SBOM. */
    CYCLONEDX(false),
    /** The inventory as the scanner's own JSON (docs/json-format.md). */
    INVENTORY(false),
    /** The inventory as a table of packages. */
    PACKAGES(false);

    private final boolean report;

    OutputFormat(boolean report) {
        this.report = report;
    }

    /** Whether this format shows vulnerabilities (and so needs the database). */
    boolean isReport() {
        return report;
    }

    static OutputFormat parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown format '" + value + "'; choose one of "
                    + Arrays.stream(values()).map(OutputFormat::toString).collect(Collectors.joining(", ")));
        }
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
