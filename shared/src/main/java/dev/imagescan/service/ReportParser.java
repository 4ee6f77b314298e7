package dev.imagescan.service;

import dev.imagescan.report.VulnerabilityReport;
import java.io.IOException;
import java.io.InputStream;

/** Reads a stored JSON vulnerability report (docs/report-format.md) back into the model the renderers take. */
@FunctionalInterface
public interface ReportParser {
    /**
     * @throws IOException              when the stream fails
     * @throws IllegalArgumentException when the bytes are not a JSON report of a schema version it reads
     */
    VulnerabilityReport parse(InputStream json) throws IOException;
}
