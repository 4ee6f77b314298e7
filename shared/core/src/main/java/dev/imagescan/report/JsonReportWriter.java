package dev.imagescan.report;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.imagescan.inventory.ImageSummary;
import dev.imagescan.inventory.Inventory;
import dev.imagescan.inventory.OperatingSystem;
import dev.imagescan.inventory.Package;
import dev.imagescan.match.Coverage;
import dev.imagescan.vulndb.BundledDatabase;
import dev.imagescan.vulndb.CvssScore;
import dev.imagescan.vulndb.DatabaseInfo;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes the vulnerability report JSON document, schema version 1 (docs/report-format.md,
 * docs/schemas/report-v1.schema.json). Fields are only ever added within a schema version; absent values are
 * {@code null}. Streams with jackson-core's generator, so the field order is fixed.
 */
public final class JsonReportWriter implements ReportWriter {
    public static final int SCHEMA_VERSION = 1;
    private static final JsonFactory FACTORY = new JsonFactory();

    @Override
    public void write(VulnerabilityReport report, OutputStream out) throws IOException {
        try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.useDefaultPrettyPrinter();
            Inventory inv = report.inventory();
            g.writeStartObject();
            g.writeNumberField("schemaVersion", SCHEMA_VERSION);
            g.writeStringField("generatedAt", report.generatedAt().toString());
            JsonFields.scanner(g, inv.analyzers());
            image(g, inv.image());
            os(g, inv.os());
            database(g, report);
            coverage(g, report.coverage());
            g.writeObjectFieldStart("filter");
            JsonFields.strings(g, "severities", report.filter().shownLevels().stream().map(Severity::label).toList());
            g.writeBooleanField("ignoreUnfixed", report.filter().ignoreUnfixed());
            g.writeEndObject();
            g.writeNumberField("packages", inv.packages().size());
            counts(g, "counts", report.counts());
            counts(g, "hidden", report.hidden());
            g.writeArrayFieldStart("findings");
            for (Finding f : report.findings()) {
                finding(g, f);
            }
            g.writeEndArray();
            fixPlan(g, report.fixPlan());
            JsonFields.strings(g, "warnings", inv.warnings());
            suppressed(g, report.suppressed());
            g.writeArrayFieldStart("installed");
            for (Package p : inv.packages()) {
                JsonInventoryWriter.pkg(g, p);
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        out.write('\n');
    }

    private static void image(JsonGenerator g, ImageSummary image) throws IOException {
        g.writeObjectFieldStart("image");
        g.writeStringField("name", image.name());
        g.writeStringField("format", image.format());
        g.writeStringField("platform", image.platform());
        g.writeStringField("manifestDigest", image.manifestDigest());
        g.writeStringField("configDigest", image.configDigest());
        JsonFields.strings(g, "tags", image.tags());
        if (image.reference() != null) {
            g.writeStringField("reference", image.reference());
            g.writeStringField("repository", image.repository());
        }
        g.writeArrayFieldStart("layers");
        for (ImageSummary.Layer l : image.layers()) {
            g.writeStartObject();
            g.writeNumberField("index", l.index());
            g.writeStringField("diffId", l.diffId());
            g.writeStringField("digest", l.digest());
            g.writeStringField("mediaType", l.mediaType());
            g.writeNumberField("size", l.size());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void os(JsonGenerator g, OperatingSystem os) throws IOException {
        g.writeObjectFieldStart("os");
        g.writeStringField("family", os.family());
        g.writeStringField("version", os.version());
        g.writeStringField("name", os.name());
        g.writeBooleanField("distroless", os.distroless());
        g.writeStringField("source", os.source());
        if (os.extendedSupport()) {
            g.writeBooleanField("extendedSupport", true); // written only when true: older documents stay as they were
        }
        g.writeEndObject();
    }

    private static void database(JsonGenerator g, VulnerabilityReport report) throws IOException {
        DatabaseInfo db = report.database();
        g.writeObjectFieldStart("database");
        g.writeStringField("version", db.digest());
        g.writeNumberField("formatVersion", db.formatVersion());
        instant(g, "builtAt", db.builtAt());
        instant(g, "newestAdvisory", db.newestModified());
        g.writeNumberField("ageDays", report.databaseAgeDays());
        g.writeNumberField("advisories", db.advisories());
        JsonFields.strings(g, "sources", db.sources());
        g.writeBooleanField("bundled", BundledDatabase.isBundled(db));
        g.writeObjectFieldStart("ecosystems");
        for (Map.Entry<String, Integer> e : new TreeMap<>(db.ecosystems()).entrySet()) {
            g.writeNumberField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
        g.writeObjectFieldStart("sourceRecords");
        for (Map.Entry<String, Long> e : db.sourceRecords().entrySet()) {
            g.writeNumberField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
        g.writeNumberField("cves", db.cves());
        g.writeEndObject();
    }

    private static void coverage(JsonGenerator g, Coverage c) throws IOException {
        g.writeObjectFieldStart("coverage");
        g.writeStringField("status", c.status().name());
        g.writeStringField("ecosystem", c.ecosystem());
        JsonFields.strings(g, "ecosystems", c.ecosystems());
        g.writeStringField("endOfLife", c.endOfLife() == null ? null : c.endOfLife().toString());
        g.writeBooleanField("endOfLifeReached", c.eolReached());
        g.writeStringField("message", c.message());
        g.writeEndObject();
    }

    /** What an ignore file or VEX statements suppressed: counts, findings with their statement, notices. */
    private static void suppressed(JsonGenerator g, Suppressed suppressed) throws IOException {
        g.writeObjectFieldStart("suppressed");
        counts(g, "counts", suppressed.counts());
        g.writeArrayFieldStart("findings");
        for (SuppressedFinding s : suppressed.findings()) {
            finding(g, s.finding(), s.suppression());
        }
        g.writeEndArray();
        JsonFields.strings(g, "notices", suppressed.notices());
        g.writeEndObject();
    }

    private static void finding(JsonGenerator g, Finding f) throws IOException {
        finding(g, f, null);
    }

    private static void finding(JsonGenerator g, Finding f, Suppression suppression) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", f.id());
        JsonFields.strings(g, "advisories", f.advisoryIds());
        JsonFields.strings(g, "aliases", f.aliases());
        g.writeStringField("severity", f.level().label());
        g.writeObjectFieldStart("severitySource");
        g.writeStringField("from", f.severity().source());
        g.writeStringField("rating", f.severity().rating());
        g.writeEndObject();
        CvssScore cvss = f.severity().cvss();
        if (cvss == null) {
            g.writeNullField("cvss");
        } else {
            g.writeObjectFieldStart("cvss");
            g.writeStringField("version", cvss.version());
            g.writeStringField("vector", cvss.vector());
            g.writeNumberField("score", cvss.baseScore());
            g.writeEndObject();
        }
        exploitation(g, f);
        pkg(g, f.pkg(), f.matchedName());
        g.writeStringField("installedVersion", f.pkg().version());
        g.writeStringField("fixedVersion", f.fixedVersion());
        g.writeStringField("status", f.fixable() ? "fixed" : "unfixed");
        g.writeStringField("fixStatus", f.status().word());
        g.writeObjectFieldStart("remediation");
        g.writeStringField("command", f.command());
        g.writeStringField("layer", f.pkg().layer() == null ? null : f.baseLayer() ? "base" : "later");
        g.writeEndObject();
        g.writeStringField("summary", f.summary());
        if (f.malicious()) {
            g.writeStringField("category", "malicious");
        }
        JsonFields.strings(g, "references", f.references());
        if (suppression != null) {
            g.writeObjectFieldStart("suppression");
            g.writeStringField("kind", suppression.kind().name().toLowerCase(Locale.ROOT).replace('_', '-'));
            g.writeStringField("status", suppression.status());
            g.writeStringField("justification", suppression.justification());
            g.writeStringField("statement", suppression.statement());
            g.writeStringField("source", suppression.source());
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    /** {@code kev} and {@code epss}: null, or what CISA KEV and EPSS say of the finding's CVE. */
    private static void exploitation(JsonGenerator g, Finding f) throws IOException {
        if (f.kev() == null) {
            g.writeNullField("kev");
        } else {
            g.writeObjectFieldStart("kev");
            g.writeStringField("dateAdded", f.kev().dateAdded().toString());
            g.writeStringField("dueDate", f.kev().dueDate() == null ? null : f.kev().dueDate().toString());
            g.writeBooleanField("knownRansomware", f.kev().ransomware());
            g.writeEndObject();
        }
        if (f.epss() == null) {
            g.writeNullField("epss");
        } else {
            g.writeObjectFieldStart("epss");
            g.writeNumberField("score", f.epss().score());
            g.writeNumberField("percentile", f.epss().percentile());
            g.writeStringField("date", f.epss().date() == null ? null : f.epss().date().toString());
            g.writeEndObject();
        }
    }

    private static void pkg(JsonGenerator g, Package p, String matchedName) throws IOException {
        g.writeObjectFieldStart("package");
        g.writeStringField("type", p.type().purlType());
        g.writeStringField("name", p.name());
        g.writeStringField("version", p.version());
        g.writeStringField("arch", p.arch());
        g.writeStringField("purl", p.purl());
        g.writeObjectFieldStart("source");
        g.writeStringField("name", p.source() == null ? null : p.source().name());
        g.writeStringField("version", p.source() == null ? null : p.source().version());
        g.writeEndObject();
        g.writeStringField("advisoryName", matchedName);
        if (p.layer() == null) {
            g.writeNullField("layer");
        } else {
            g.writeObjectFieldStart("layer");
            g.writeNumberField("index", p.layer().index());
            g.writeStringField("diffId", p.layer().diffId());
            g.writeEndObject();
        }
        if (p.rpm() == null) {
            g.writeNullField("rpm");
        } else {
            JsonInventoryWriter.rpm(g, p.rpm());
        }
        if (p.app() != null) {
            JsonInventoryWriter.app(g, p.app());
        }
        g.writeEndObject();
    }

    private static void fixPlan(JsonGenerator g, FixPlan plan) throws IOException {
        g.writeObjectFieldStart("fixPlan");
        counts(g, "before", plan.before());
        counts(g, "after", plan.after());
        g.writeObjectFieldStart("unfixed");
        for (var e : plan.unfixed().entrySet()) {
            g.writeNumberField(e.getKey().word(), e.getValue());
        }
        g.writeEndObject();
        JsonFields.strings(g, "commands", plan.commands());
        g.writeArrayFieldStart("upgrades");
        for (FixPlan.Upgrade u : plan.upgrades()) {
            g.writeStartObject();
            g.writeStringField("package", u.pkg().name());
            g.writeStringField("arch", u.pkg().arch());
            g.writeStringField("purl", u.pkg().purl());
            g.writeStringField("from", u.fromVersion());
            g.writeStringField("to", u.toVersion());
            g.writeStringField("command", u.command());
            counts(g, "clears", u.clears());
            JsonFields.strings(g, "findings", u.findings());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void counts(JsonGenerator g, String field, SeverityCounts c) throws IOException {
        g.writeObjectFieldStart(field);
        g.writeNumberField("High", c.high());
        g.writeNumberField("Medium", c.medium());
        g.writeNumberField("Low", c.low());
        g.writeNumberField("Unknown", c.unknown());
        g.writeNumberField("total", c.total());
        g.writeEndObject();
    }

    private static void instant(JsonGenerator g, String field, Instant t) throws IOException {
        g.writeStringField(field, t == null ? null : t.toString());
    }
}
