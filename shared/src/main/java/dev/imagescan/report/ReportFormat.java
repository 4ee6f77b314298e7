package dev.imagescan.report;

import java.util.Locale;

/** The output formats of a scan. */
public enum ReportFormat {
    /** A human-readable table. */
    TABLE,
    /** The scanner's own JSON document (docs/json-format.md, schema in docs/schemas/). */
    JSON,
    /** A CycloneDX 1.5 JSON SBOM. */
    CYCLONEDX;

    public InventoryWriter writer() {
        return switch (this) {
            case TABLE -> new TableWriter();
            case JSON -> new JsonInventoryWriter();
            case CYCLONEDX -> new CycloneDxWriter();
        };
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
