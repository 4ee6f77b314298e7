package dev.imagescan.functions.harbor;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.imagescan.inventory.ImageSummary;
import dev.imagescan.inventory.LayerRef;
import dev.imagescan.inventory.Package;
import dev.imagescan.report.Finding;
import dev.imagescan.report.SeverityAssessment;
import dev.imagescan.report.VulnerabilityReport;
import dev.imagescan.vulndb.CvssScore;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * A report as Harbor's {@code HarborVulnerabilityReport} (both vulnerability media types share the schema): one item
 * per finding with the package, installed and fixed versions, Harbor's severity ({@link HarborSeverity}), the summary,
 * the links that are absolute URIs, the CVSS score in {@code preferred_cvss} (v3 or v2; a v4 score only in
 * {@code vendor_attributes}) and in {@code vendor_attributes.CVSS} keyed by where it came from (as Trivy's adapter
 * does, which Harbor's UI reads), the layer that brought the package in ({@code layer}: blob digest and diffID, as
 * Trivy's adapter gives it), and the rest of what we know in {@code vendor_attributes}.
 */
final class HarborReportWriter {
    private HarborReportWriter() {}

    static void write(JsonGenerator g, VulnerabilityReport report, HarborScanRequest request) throws IOException {
        g.writeStartObject();
        g.writeStringField("generated_at", DateTimeFormatter.ISO_INSTANT.format(report.generatedAt()));
        HarborArtifact.artifact(g, request);
        HarborArtifact.scanner(g);
        HarborSeverity top = HarborSeverity.UNKNOWN;
        for (Finding f : report.findings()) {
            HarborSeverity s = HarborSeverity.of(f);
            top = s.ordinal() > top.ordinal() ? s : top;
        }
        g.writeStringField("severity", top.word());
        g.writeArrayFieldStart("vulnerabilities");
        for (Finding f : report.findings()) {
            item(g, f, report.inventory().image());
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void item(JsonGenerator g, Finding f, ImageSummary image) throws IOException {
        Package pkg = f.pkg();
        g.writeStartObject();
        g.writeStringField("id", f.id());
        g.writeStringField("package", pkg.name());
        g.writeStringField("version", pkg.version());
        if (f.fixedVersion() != null) {
            g.writeStringField("fix_version", f.fixedVersion());
        }
        g.writeStringField("severity", HarborSeverity.of(f).word());
        if (f.summary() != null) {
            g.writeStringField("description", f.summary());
        }
        g.writeArrayFieldStart("links");
        for (String link : links(f.references())) {
            g.writeString(link);
        }
        g.writeEndArray();
        CvssScore cvss = f.severity().cvss();
        if (cvss != null && (cvss.version().startsWith("3") || cvss.version().startsWith("2"))) {
            String v = cvss.version().startsWith("3") ? "v3" : "v2";
            g.writeObjectFieldStart("preferred_cvss");
            g.writeNumberField("score_" + v, cvss.baseScore());
            g.writeStringField("vector_" + v, cvss.vector());
            g.writeEndObject();
        }
        layer(g, pkg.layer(), image);
        vendorAttributes(g, f);
        g.writeEndObject();
    }

    private static void layer(JsonGenerator g, LayerRef layer, ImageSummary image) throws IOException {
        if (layer == null) {
            return;
        }
        g.writeObjectFieldStart("layer");
        String digest = null;
        if (image != null && layer.hasIndex() && layer.index() < image.layers().size()) {
            digest = image.layers().get(layer.index()).digest();
        }
        if (digest != null) {
            g.writeStringField("digest", digest);
        }
        g.writeStringField("diff_id", layer.diffId());
        g.writeEndObject();
    }

    private static void vendorAttributes(JsonGenerator g, Finding f) throws IOException {
        SeverityAssessment s = f.severity();
        g.writeObjectFieldStart("vendor_attributes");
        if (s.cvss() != null) {
            String v = "V" + s.cvss().version().charAt(0);
            g.writeObjectFieldStart("CVSS");
            g.writeObjectFieldStart(cvssSource(s));
            g.writeNumberField(v + "Score", s.cvss().baseScore());
            g.writeStringField(v + "Vector", s.cvss().vector());
            g.writeEndObject();
            g.writeEndObject();
        }
        g.writeStringField("level", s.level().label());
        g.writeStringField("severity_source", s.source());
        if (s.rating() != null) {
            g.writeStringField("rating", s.rating());
        }
        stringArray(g, "advisories", f.advisoryIds());
        stringArray(g, "aliases", f.aliases());
        g.writeStringField("package_type", f.pkg().type().name().toLowerCase(java.util.Locale.ROOT));
        if (f.pkg().purl() != null) {
            g.writeStringField("purl", f.pkg().purl());
        }
        if (f.matchedName() != null && !f.matchedName().equals(f.pkg().name())) {
            g.writeStringField("source_package", f.matchedName());
        }
        if (f.pkg().app() != null) {
            g.writeStringField("path", f.pkg().app().path());
        }
        if (f.command() != null) {
            g.writeStringField("fix_command", f.command());
        }
        g.writeBooleanField("base_layer", f.baseLayer());
        g.writeBooleanField("known_exploited", f.kev() != null);
        if (f.epss() != null) {
            g.writeNumberField("epss", f.epss().score());
        }
        g.writeEndObject();
    }

    /** Trivy's keys: {@code nvd}, a distribution ({@code debian}, {@code redhat}…), {@code ghsa}. */
    private static String cvssSource(SeverityAssessment s) {
        return switch (s.source()) {
            case "cvss", "none" -> "advisory";
            default -> s.source();
        };
    }

    private static List<String> links(List<String> references) {
        return references.stream().filter(HarborReportWriter::isAbsoluteUri).toList();
    }

    private static boolean isAbsoluteUri(String s) {
        try {
            URI uri = new URI(s);
            return uri.isAbsolute() && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static void stringArray(JsonGenerator g, String field, List<String> values) throws IOException {
        g.writeArrayFieldStart(field);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }
}
