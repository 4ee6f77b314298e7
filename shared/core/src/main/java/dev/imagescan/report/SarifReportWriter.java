package dev.imagescan.report;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.imagescan.common.ScannerVersion;
import dev.imagescan.image.Digest;
import dev.imagescan.inventory.ImageSummary;
import dev.imagescan.inventory.Inventory;
import dev.imagescan.inventory.Package;
import dev.imagescan.inventory.PackageType;
import dev.imagescan.vulndb.CvssScore;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Writes the report as SARIF 2.1.0 for GitHub code scanning (docs/report-format.md#sarif): one run whose driver
 * has one rule per vulnerability id, and one result per finding located at the package database of its package
 * type inside the image ({@code var/lib/dpkg/status}, {@code lib/apk/db/installed}, {@code var/lib/rpm/Packages}),
 * line 1, with the image and the package as logical locations. A result's {@code partialFingerprints} hash the
 * vulnerability id, the package type, name and architecture, so an upgrade that does not fix it keeps the alert.
 */
public final class SarifReportWriter implements ReportWriter {
    /** The official schema's location, named in the document's {@code $schema}. */
    public static final String SCHEMA_URI =
            "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
    /** Where the driver says to read about the scanner, unless given otherwise. */
    public static final URI DEFAULT_INFORMATION_URI = URI.create("https://github.com/imagescan/imagescan");
    /** The key of the fingerprint in {@code partialFingerprints}; its version changes only with its inputs. */
    public static final String FINGERPRINT_KEY = "imagescanFinding/v1";
    private static final JsonFactory FACTORY = new JsonFactory();

    private final URI informationUri;

    /** A writer whose driver points at {@link #DEFAULT_INFORMATION_URI}. */
    public SarifReportWriter() {
        this(DEFAULT_INFORMATION_URI);
    }

    /** A writer whose driver's {@code informationUri} is {@code informationUri} (an absolute URI). */
    public SarifReportWriter(URI informationUri) {
        if (!informationUri.isAbsolute()) {
            throw new IllegalArgumentException("informationUri must be absolute: " + informationUri);
        }
        this.informationUri = informationUri;
    }

    @Override
    public void write(VulnerabilityReport report, OutputStream out) throws IOException {
        Map<String, Finding> rules = new LinkedHashMap<>();
        for (Finding f : report.findings()) {
            rules.putIfAbsent(f.id(), f); // findings are most severe first: a rule takes its most severe finding
        }
        for (SuppressedFinding s : report.suppressed().findings()) {
            rules.putIfAbsent(s.finding().id(), s.finding());
        }
        Map<String, Integer> ruleIndex = new LinkedHashMap<>();
        rules.keySet().forEach(id -> ruleIndex.put(id, ruleIndex.size()));
        Inventory inv = report.inventory();
        try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("$schema", SCHEMA_URI);
            g.writeStringField("version", "2.1.0");
            g.writeArrayFieldStart("runs");
            g.writeStartObject();
            g.writeObjectFieldStart("tool");
            g.writeObjectFieldStart("driver");
            g.writeStringField("name", ScannerVersion.NAME);
            g.writeStringField("version", ScannerVersion.version());
            g.writeStringField("informationUri", informationUri.toString());
            g.writeArrayFieldStart("rules");
            for (Finding f : rules.values()) {
                rule(g, f);
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndObject();
            g.writeObjectFieldStart("automationDetails");
            g.writeStringField("id", ScannerVersion.NAME + "/" + imageName(inv.image()) + "/");
            g.writeEndObject();
            g.writeArrayFieldStart("results");
            for (Finding f : report.findings()) {
                result(g, f, ruleIndex.get(f.id()), inv.image(), null);
            }
            for (SuppressedFinding s : report.suppressed().findings()) {
                result(g, s.finding(), ruleIndex.get(s.finding().id()), inv.image(), s.suppression());
            }
            g.writeEndArray();
            runProperties(g, report);
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
        }
        out.write('\n');
    }

    private static void rule(JsonGenerator g, Finding f) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", f.id());
        g.writeObjectFieldStart("shortDescription");
        g.writeStringField("text", f.summary() == null || f.summary().isBlank() ? f.id() : f.summary());
        g.writeEndObject();
        String help = helpUri(f);
        if (help != null) {
            g.writeStringField("helpUri", help);
        }
        g.writeObjectFieldStart("help");
        g.writeStringField("text", helpText(f));
        g.writeEndObject();
        g.writeObjectFieldStart("defaultConfiguration");
        g.writeStringField("level", level(f.level()));
        g.writeEndObject();
        g.writeObjectFieldStart("properties");
        String score = securitySeverity(f);
        if (score != null) {
            g.writeStringField("security-severity", score);
        }
        g.writeArrayFieldStart("tags");
        g.writeString("security");
        g.writeString("vulnerability");
        g.writeString(f.level().label());
        g.writeString(f.pkg().type().purlType());
        g.writeEndArray();
        g.writeEndObject();
        g.writeEndObject();
    }

    /** One result; a suppressed finding's carries a SARIF {@code suppressions} entry (external, accepted). */
    private static void result(JsonGenerator g, Finding f, int ruleIndex, ImageSummary image,
            Suppression suppression) throws IOException {
        Package p = f.pkg();
        g.writeStartObject();
        g.writeStringField("ruleId", f.id());
        g.writeNumberField("ruleIndex", ruleIndex);
        g.writeStringField("level", level(f.level()));
        g.writeObjectFieldStart("message");
        g.writeStringField("text", message(f));
        g.writeEndObject();
        g.writeArrayFieldStart("locations");
        g.writeStartObject();
        g.writeObjectFieldStart("physicalLocation");
        g.writeObjectFieldStart("artifactLocation");
        g.writeStringField("uri", p.app() != null ? p.app().path().split("!/")[0] : packageDatabase(p.type()));
        g.writeEndObject();
        g.writeObjectFieldStart("region");
        g.writeNumberField("startLine", 1);
        g.writeEndObject();
        g.writeEndObject();
        g.writeArrayFieldStart("logicalLocations");
        g.writeStartObject();
        g.writeStringField("name", imageName(image));
        g.writeStringField("kind", "module");
        g.writeEndObject();
        g.writeStartObject();
        g.writeStringField("name", p.name());
        g.writeStringField("fullyQualifiedName", p.purl() != null ? p.purl() : p.name() + "@" + p.version());
        g.writeStringField("kind", "package");
        g.writeEndObject();
        g.writeEndArray();
        g.writeEndObject();
        g.writeEndArray();
        g.writeObjectFieldStart("partialFingerprints");
        g.writeStringField(FINGERPRINT_KEY, fingerprint(f));
        g.writeEndObject();
        g.writeObjectFieldStart("properties");
        g.writeStringField("severity", f.level().label());
        g.writeStringField("package", p.name());
        g.writeStringField("installedVersion", p.version());
        g.writeStringField("fixedVersion", f.fixedVersion());
        g.writeStringField("fixStatus", f.status().word());
        g.writeStringField("command", f.command());
        if (p.purl() != null) {
            g.writeStringField("purl", p.purl());
        }
        if (p.layer() != null && p.layer().diffId() != null) {
            g.writeStringField("layerDiffId", p.layer().diffId());
        }
        if (f.kev() != null) {
            g.writeBooleanField("kev", true);
            g.writeStringField("kevDateAdded", f.kev().dateAdded().toString());
        }
        if (f.epss() != null) {
            g.writeNumberField("epss", f.epss().score());
            g.writeNumberField("epssPercentile", f.epss().percentile());
        }
        g.writeEndObject();
        if (suppression != null) {
            g.writeArrayFieldStart("suppressions");
            g.writeStartObject();
            g.writeStringField("kind", "external");
            g.writeStringField("status", "accepted");
            g.writeStringField("justification", suppression.describe());
            g.writeObjectFieldStart("properties");
            g.writeStringField("vexStatus", suppression.status());
            if (suppression.justification() != null) {
                g.writeStringField("vexJustification", suppression.justification());
            }
            g.writeStringField("source", suppression.source());
            g.writeEndObject();
            g.writeEndObject();
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    private static void runProperties(JsonGenerator g, VulnerabilityReport report) throws IOException {
        ImageSummary image = report.inventory().image();
        g.writeObjectFieldStart("properties");
        g.writeStringField("imageName", imageName(image));
        if (image.configDigest() != null) {
            g.writeStringField("imageConfigDigest", image.configDigest());
        }
        if (image.manifestDigest() != null) {
            g.writeStringField("imageManifestDigest", image.manifestDigest());
        }
        g.writeStringField("os", report.inventory().os().isKnown() ? report.inventory().os().describe() : "unknown");
        g.writeStringField("coverage", report.coverage().status().name());
        if (report.coverage().message() != null) {
            g.writeStringField("coverageMessage", report.coverage().message());
        }
        if (report.database().digest() != null) {
            g.writeStringField("databaseVersion", report.database().digest());
        }
        g.writeNumberField("databaseAgeDays", report.databaseAgeDays());
        g.writeEndObject();
    }

    /** {@code error} for High, {@code warning} for Medium, {@code note} for Low and Unknown. */
    static String level(Severity level) {
        return switch (level) {
            case HIGH -> "error";
            case MEDIUM -> "warning";
            case LOW, UNKNOWN -> "note";
        };
    }

    /**
     * The number GitHub ranks the alert by: the CVSS base score when it falls in the finding's level (so a
     * distribution's lower rating is never overruled by a higher CVSS score), else a number inside the level's band
     * (High 8.0, Medium 5.5, Low 2.0); none for Unknown, which GitHub then shows by the result's level.
     */
    static String securitySeverity(Finding f) {
        CvssScore cvss = f.severity().cvss();
        if (cvss != null && cvss.baseScore() > 0 && Severity.ofScore(cvss.baseScore()) == f.level()) {
            return String.format(Locale.ROOT, "%.1f", cvss.baseScore());
        }
        return switch (f.level()) {
            case HIGH -> "8.0";
            case MEDIUM -> "5.5";
            case LOW -> "2.0";
            case UNKNOWN -> null;
        };
    }

    /**
     * The package database a package of this type is recorded in, relative to the image's root; an application
     * package's location is the file it was found at ({@code AppLocation.path}), its archive path before {@code !/}.
     */
    static String packageDatabase(PackageType type) {
        return switch (type) {
            case DEB -> "var/lib/dpkg/status";
            case APK -> "lib/apk/db/installed";
            case RPM -> "var/lib/rpm/Packages";
            case MAVEN, NPM, PYPI, GOLANG, GEM, NUGET, COMPOSER, CARGO -> null; // application packages: their own path
        };
    }

    private static String message(Finding f) {
        Package p = f.pkg();
        StringBuilder m = new StringBuilder();
        m.append(f.id()).append(" (").append(f.level().label()).append(") in ").append(p.name());
        if (!f.matchedName().equals(p.name())) {
            m.append(" (").append(f.matchedName()).append(")");
        }
        m.append(' ').append(p.version()).append('.');
        if (p.layer() != null) {
            m.append(f.baseLayer() ? " The package comes with the base image." : " A later layer of the image installs it.");
        }
        if (f.fixable()) {
            m.append(" Fixed in ").append(f.fixedVersion()).append('.');
            if (f.command() != null) {
                m.append(" Fix: ").append(f.command());
            }
        } else {
            m.append(' ').append(f.status().sentence());
        }
        return m.toString();
    }

    private static String helpText(Finding f) {
        StringBuilder h = new StringBuilder();
        h.append(f.id());
        if (f.summary() != null && !f.summary().isBlank()) {
            h.append(": ").append(f.summary());
        }
        if (!f.advisoryIds().isEmpty()) {
            h.append("\nAdvisories: ").append(String.join(", ", f.advisoryIds()));
        }
        for (String ref : f.references()) {
            h.append('\n').append(ref);
        }
        return h.toString();
    }

    private static String helpUri(Finding f) {
        for (String ref : f.references()) {
            try {
                URI uri = new URI(ref);
                if (uri.isAbsolute()) {
                    return uri.toString();
                }
            } catch (java.net.URISyntaxException e) {
                // not a URI: try the next one
            }
        }
        return null;
    }

    private static String imageName(ImageSummary image) {
        if (!image.tags().isEmpty()) {
            return image.tags().get(0);
        }
        return Objects.requireNonNullElse(image.name(), "image");
    }

    private static String fingerprint(Finding f) {
        String key = String.join("\u0000", f.id(), f.pkg().type().purlType(), f.pkg().name(),
                Objects.toString(f.pkg().arch(), ""));
        return Digest.sha256Of(key).hex();
    }
}
