package dev.imagescan.report;

import java.io.IOException;
import java.io.OutputStream;

/** Renders a vulnerability report in one output format. */
public interface ReportWriter {
    void write(VulnerabilityReport report, OutputStream out) throws IOException;
}
