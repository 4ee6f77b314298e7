package dev.imagescan.functions.api;

import dev.imagescan.report.VulnerabilityReport;
import java.io.IOException;
import java.io.InputStream;

/** Reads a stored JSON vulnerability report back into the model (the function uses {@code JsonReportReader}). */
@FunctionalInterface
public interface ReportLoader {
    VulnerabilityReport read(InputStream in) throws IOException;
}
