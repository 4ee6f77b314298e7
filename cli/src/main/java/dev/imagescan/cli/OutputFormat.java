package dev.imagescan.cli;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What {@code imagescan scan --format} writes. */
enum OutputFormat {
    /** The vulnerability report for people: findings by level, fix plan. */
    TABLE("table", true),
    /** The vulnerability report as JSON (docs/report-format.md). */
    JSON("json", true),
    /** The vulnerability report as SARIF 2.1.0, for GitHub code scanning. */
    SARIF("sarif", true),
    /** The vulnerability report as a CycloneDX 1.5 BOM with vulnerabilities and VEX analysis states. */
    CYCLONEDX_VEX("cyclonedx-vex", true),
    /** The vulnerability report as GitLab's container-scanning report (schema 15.2.4). */
    GITLAB("gitlab", true),
    /** The vulnerability report as one self-contained HTML page. */
    HTML("html", true),
    /** The policy verdict as JSON (docs/policy.md): the --policy one, else the default policy. */
    VERDICT("verdict", true),
    /** The inventory as a CycloneDX 1.5 JSON SBOM. */
    CYCLONEDX("cyclonedx", false),
    /** The inventory as an SPDX 2.3 JSON SBOM. */
    SPDX_JSON("spdx-json", false),
    /** The inventory as the scanner's own JSON (docs/json-format.md). */
    INVENTORY("inventory", false),
    /** The inventory as a table of packages. */
    PACKAGES("packages", false);

    private final String cliName;
    private final boolean report;

    OutputFormat(String cliName, boolean report) {
        this.cliName = cliName;
        this.report = report;
    }

    /** Whether this format shows vulnerabilities (and so needs the database). */
    boolean isReport() {
        return report;
    }

    static OutputFormat parse(String value) {
        String name = value.trim().toLowerCase(Locale.ROOT);
        for (OutputFormat f : values()) {
            if (f.cliName.equals(name)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown format '" + value + "'; choose one of "
                + Arrays.stream(values()).map(OutputFormat::toString).collect(Collectors.joining(", ")));
    }

    /** The name {@code --format} takes. */
    @Override
    public String toString() {
        return cliName;
    }
}
