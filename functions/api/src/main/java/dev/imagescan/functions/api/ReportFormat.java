package dev.imagescan.functions.api;

import dev.imagescan.report.CycloneDxVexWriter;
import dev.imagescan.report.HtmlReportWriter;
import dev.imagescan.report.JsonReportWriter;
import dev.imagescan.report.ReportWriter;
import dev.imagescan.report.SarifReportWriter;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The formats {@code GET /images/{digest}/report} serves: the name in {@code ?format=}, the published copy's file
 * name under {@code reports/<digest>/latest/}, the content type and the writer that renders it.
 */
public enum ReportFormat {
    JSON("json", "report.json", "application/json"),
    SARIF("sarif", "report.sarif", "application/sarif+json"),
    CYCLONEDX("cyclonedx", "report.cdx.json", "application/vnd.cyclonedx+json; version=1.5"),
    HTML("html", "report.html", "text/html; charset=utf-8");

    private final String parameter;
    private final String fileName;
    private final String contentType;

    ReportFormat(String parameter, String fileName, String contentType) {
        this.parameter = parameter;
        this.fileName = fileName;
        this.contentType = contentType;
    }

    /** The format named {@code value} ({@code json} when null); 400 listing the allowed names otherwise. */
    public static ReportFormat of(String value) {
        if (value == null) {
            return JSON;
        }
        for (ReportFormat f : values()) {
            if (f.parameter.equals(value.toLowerCase(Locale.ROOT))) {
                return f;
            }
        }
        throw ApiException.badRequest("unknown report format '" + ApiText.cut(value) + "' (allowed: " + names() + ")");
    }

    /** The allowed {@code format} values, comma-separated. */
    public static String names() {
        return Arrays.stream(values()).map(f -> f.parameter).collect(Collectors.joining(", "));
    }

    public String parameter() {
        return parameter;
    }

    public String contentType() {
        return contentType;
    }

    /** {@code reports/<digest>/latest/report.<ext>}: where the publish function puts this format. */
    public String publishedKey(String reportPrefix) {
        return reportPrefix + "latest/" + fileName;
    }

    /** The renderer of this format. */
    public ReportWriter writer() {
        return switch (this) {
            case JSON -> new JsonReportWriter();
            case SARIF -> new SarifReportWriter();
            case CYCLONEDX -> new CycloneDxVexWriter();
            case HTML -> new HtmlReportWriter();
        };
    }
}
