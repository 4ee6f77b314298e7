package dev.imagescan.service;

import dev.imagescan.report.CycloneDxVexWriter;
import dev.imagescan.report.HtmlReportWriter;
import dev.imagescan.report.ReportWriter;
import dev.imagescan.report.SarifReportWriter;
import dev.imagescan.report.VulnerabilityReport;
import dev.imagescan.store.PutOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The four published formats of one report: the stored JSON verbatim, SARIF 2.1.0, CycloneDX 1.5 with VEX, and HTML,
 * each with the file name it is published under and its content type.
 */
public final class RenderedReports {
    /** The JSON report, as the scan stored it. */
    public static final String JSON = "report.json";
    public static final String SARIF = "report.sarif";
    public static final String CYCLONEDX = "report.cdx.json";
    public static final String HTML = "report.html";

    /**
     * One published file.
     *
     * @param file        its name in the scan's folder ({@link #JSON}, …)
     * @param format      the short name events use ({@code json}, {@code sarif}, {@code cyclonedx}, {@code html})
     */
    public record Rendered(String file, String format, byte[] bytes, PutOptions options) {}

    private RenderedReports() {}

    /** The four files of {@code report}, whose stored JSON is {@code json}, in a fixed order. */
    public static List<Rendered> render(byte[] json, VulnerabilityReport report) {
        List<Rendered> files = new ArrayList<>(4);
        files.add(new Rendered(JSON, "json", json, PutOptions.JSON));
        files.add(new Rendered(SARIF, "sarif", write(new SarifReportWriter(), report),
                new PutOptions("application/sarif+json", Map.of())));
        files.add(new Rendered(CYCLONEDX, "cyclonedx", write(new CycloneDxVexWriter(), report),
                new PutOptions("application/vnd.cyclonedx+json; version=1.5", Map.of())));
        files.add(new Rendered(HTML, "html", write(new HtmlReportWriter(), report),
                new PutOptions("text/html; charset=utf-8", Map.of())));
        return files;
    }

    private static byte[] write(ReportWriter writer, VulnerabilityReport report) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        try {
            writer.write(report, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
