package dev.imagescan.report;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.imagescan.common.ScannerVersion;
import dev.imagescan.inventory.ImageSummary;
import dev.imagescan.inventory.OperatingSystem;
import dev.imagescan.inventory.Package;
import dev.imagescan.vulndb.CvssScore;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Writes GitLab's container-scanning report ({@code gl-container-scanning-report.json}, security report schema
 * 15.2.4), which {@code artifacts:reports:container_scanning} reads into the merge request's security widget and the
 * project's vulnerability report. One vulnerability per finding: a stable UUID (from the finding's id and package),
 * the summary as name and description, the level on GitLab's six ({@link SixLevels}: Negligible shows as Low, GitLab
 * having no such word), the fix as {@code solution}, the id first among the {@code identifiers} then the advisories
 * and aliases, the CVSS vector the finding kept, the references as links, the package and version, the operating
 * system and the image as {@code location}, and purl, file, layer, fix status, KEV and EPSS as {@code details}.
 * Suppressed findings are left out, as from the other reports' findings.
 *
 * <p>GitLab refuses a whole report that does not validate against its schema, so every value with a pattern in the
 * schema (CVSS vectors, URLs) is written only when it matches it, and long texts are cut to the schema's maxima.
 */
public final class GitLabReportWriter implements ReportWriter {
    /** The schema version this writer follows. */
    public static final String SCHEMA_VERSION = "15.2.4";
    /** The published schema of that version. */
    public static final String SCHEMA_URL = "https://gitlab.com/gitlab-org/security-products/security-report-schemas"
            + "/-/raw/v" + SCHEMA_VERSION + "/dist/container-scanning-report-format.json";
    /** GitLab's times: UTC, to the second, without a zone designator. */
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final Pattern URL = Pattern.compile("^(https?|ftp)://.+");
    private static final String V2_PART = "(AV:[NAL]|AC:[LMH]|Au:[MSN]|[CIA]:[NPC]|E:(U|POC|F|H|ND)|RL:(OF|TF|W|U|ND)"
            + "|RC:(UC|UR|C|ND)|CDP:(N|L|LM|MH|H|ND)|TD:(N|L|M|H|ND)|[CIA]R:(L|M|H|ND))";
    private static final String V3_PART = "(AV:[NALP]|AC:[LH]|PR:[NLH]|UI:[NR]|S:[UC]|[CIA]:[NLH]|E:[XUPFH]"
            + "|RL:[XOTWU]|RC:[XURC]|[CIA]R:[XLMH]|MAV:[XNALP]|MAC:[XLH]|MPR:[XNLH]|MUI:[XNR]|MS:[XUC]|M[CIA]:[XNLH])";
    /** The schema's three CVSS vector patterns (v2, v3.x, v4.0), with their length bounds. */
    private static final List<VectorRule> VECTORS = List.of(
            new VectorRule(Pattern.compile("^(" + V2_PART + "/)*" + V2_PART + "$"), 16, 128),
            new VectorRule(Pattern.compile("^CVSS:3[.][01]/(" + V3_PART + "/)*" + V3_PART + "$"), 32, 128),
            new VectorRule(Pattern.compile("^CVSS:4[.]0/AV:[NALP]/AC:[LH]/AT:[NP]/PR:[NLH]/UI:[NPA]/VC:[HLN]/VI:[HLN]"
                    + "/VA:[HLN]/SC:[HLN]/SI:[HLN]/SA:[HLN](/E:[XAPU])?(/CR:[XHML])?(/IR:[XHML])?(/AR:[XHML])?"
                    + "(/MAV:[XNALP])?(/MAC:[XLH])?(/MAT:[XNP])?(/MPR:[XNLH])?(/MUI:[XNPA])?(/MVC:[XNLH])?"
                    + "(/MVI:[XNLH])?(/MVA:[XNLH])?(/MSC:[XNLH])?(/MSI:[XNLHS])?(/MSA:[XNLHS])?(/S:[XNP])?"
                    + "(/AU:[XNY])?(/R:[XAUI])?(/V:[XDC])?(/RE:[XLMH])?(/U:(X|Clear|Green|Amber|Red))?$"), 32, 256));
    private static final int MAX_NAME = 255;
    private static final int MAX_SOLUTION = 7000;
    private static final JsonFactory FACTORY = new JsonFactory();

    @Override
    public void write(VulnerabilityReport report, OutputStream out) throws IOException {
        try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("version", SCHEMA_VERSION);
            g.writeStringField("schema", SCHEMA_URL);
            scan(g, report);
            String image = image(report.inventory().image());
            String os = operatingSystem(report.inventory().os());
            g.writeArrayFieldStart("vulnerabilities");
            for (Finding f : report.findings()) {
                vulnerability(g, f, image, os);
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        out.write('\n');
    }

    private static void scan(JsonGenerator g, VulnerabilityReport report) throws IOException {
        g.writeObjectFieldStart("scan");
        tool(g, "analyzer");
        tool(g, "scanner");
        g.writeStringField("type", "container_scanning");
        String at = TIME.format(report.generatedAt().truncatedTo(ChronoUnit.SECONDS));
        g.writeStringField("start_time", at);
        g.writeStringField("end_time", at);
        g.writeStringField("status", "success");
        String coverage = report.coverage().message();
        List<String> warnings = report.inventory().warnings();
        if (coverage != null && !coverage.isBlank() || !warnings.isEmpty()) {
            g.writeArrayFieldStart("messages");
            if (coverage != null && !coverage.isBlank()) {
                message(g, "warn", coverage);
            }
            for (String w : warnings) {
                if (!w.isBlank()) {
                    message(g, "warn", w);
                }
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    private static void tool(JsonGenerator g, String field) throws IOException {
        g.writeObjectFieldStart(field);
        g.writeStringField("id", ScannerVersion.NAME);
        g.writeStringField("name", ScannerVersion.NAME);
        g.writeStringField("url", SarifReportWriter.DEFAULT_INFORMATION_URI.toString());
        g.writeStringField("version", ScannerVersion.version());
        g.writeObjectFieldStart("vendor");
        g.writeStringField("name", ScannerVersion.NAME);
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void message(JsonGenerator g, String level, String value) throws IOException {
        g.writeStartObject();
        g.writeStringField("level", level);
        g.writeStringField("value", value);
        g.writeEndObject();
    }

    private static void vulnerability(JsonGenerator g, Finding f, String image, String os) throws IOException {
        Package p = f.pkg();
        g.writeStartObject();
        g.writeStringField("id", id(f).toString());
        String summary = f.summary() == null || f.summary().isBlank() ? f.id() : f.summary().strip();
        g.writeStringField("name", cut(summary, MAX_NAME));
        g.writeStringField("description", summary);
        g.writeStringField("severity", severity(f));
        g.writeStringField("solution", cut(solution(f), MAX_SOLUTION));
        identifiers(g, f);
        CvssScore cvss = f.severity().cvss();
        if (cvss != null && validVector(cvss.vector())) {
            g.writeArrayFieldStart("cvss_vectors");
            g.writeStartObject();
            g.writeStringField("vendor", f.severity().source() == null ? "unknown" : f.severity().source());
            g.writeStringField("vector", cvss.vector());
            g.writeEndObject();
            g.writeEndArray();
        }
        List<String> links = f.references().stream().filter(r -> URL.matcher(r).matches()).distinct().toList();
        if (!links.isEmpty()) {
            g.writeArrayFieldStart("links");
            for (String url : links) {
                g.writeStartObject();
                g.writeStringField("url", url);
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        g.writeObjectFieldStart("location");
        g.writeObjectFieldStart("dependency");
        g.writeObjectFieldStart("package");
        g.writeStringField("name", p.name());
        g.writeEndObject();
        g.writeStringField("version", p.version());
        g.writeEndObject();
        g.writeStringField("operating_system", os);
        g.writeStringField("image", image);
        g.writeEndObject();
        details(g, f);
        g.writeEndObject();
    }

    /** A UUID named by the finding's id and package, so the same finding keeps its id from one pipeline to the next. */
    static UUID id(Finding f) {
        Package p = f.pkg();
        String name = String.join("\u0000", f.id(), p.type().purlType(), p.name(), p.version(),
                Objects.toString(p.arch(), ""), p.app() == null ? "" : p.app().path());
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }

    /** GitLab's word for the finding's level. */
    static String severity(Finding f) {
        return switch (SixLevels.of(f)) {
            case CRITICAL -> "Critical";
            case HIGH -> "High";
            case MEDIUM -> "Medium";
            case LOW, NEGLIGIBLE -> "Low";
            case UNKNOWN -> "Unknown";
        };
    }

    /** {@code Upgrade curl to 7.88.1-10+deb12u8: apt-get …}, or why there is no fix. */
    static String solution(Finding f) {
        Package p = f.pkg();
        if (f.malicious()) {
            return "Remove " + p.name() + " from the image and rotate any secret the image held.";
        }
        if (!f.fixable()) {
            return "No fixed version of " + p.name() + " (" + f.status().label() + ").";
        }
        String s = "Upgrade " + p.name() + " to " + f.fixedVersion();
        return f.command() == null ? s + "." : s + ": " + f.command();
    }

    private static void identifiers(JsonGenerator g, Finding f) throws IOException {
        Set<String> ids = new LinkedHashSet<>();
        ids.add(f.id());
        ids.addAll(f.advisoryIds());
        ids.addAll(f.aliases());
        g.writeArrayFieldStart("identifiers");
        for (String id : ids) {
            if (id == null || id.isBlank()) {
                continue;
            }
            g.writeStartObject();
            g.writeStringField("type", identifierType(id));
            g.writeStringField("name", id);
            String url = identifierUrl(id);
            if (url != null) {
                g.writeStringField("url", url);
            }
            g.writeStringField("value", id);
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    /** {@code cve}, {@code ghsa}, else the id's prefix in lower case ({@code dsa}, {@code rhsa}, {@code go}). */
    static String identifierType(String id) {
        int dash = id.indexOf('-');
        String prefix = dash > 0 ? id.substring(0, dash) : id;
        return prefix.toLowerCase(Locale.ROOT);
    }

    private static String identifierUrl(String id) {
        if (id.matches("CVE-\\d{4}-\\d+")) {
            return "https://www.cve.org/CVERecord?id=" + id;
        }
        if (id.matches("GHSA(-[23456789cfghjmpqrvwx]{4}){3}")) {
            return "https://github.com/advisories/" + id;
        }
        return null;
    }

    private static void details(JsonGenerator g, Finding f) throws IOException {
        Package p = f.pkg();
        g.writeObjectFieldStart("details");
        text(g, "package_url", "Package URL", p.purl());
        text(g, "package_type", "Package type", p.type().purlType());
        if (p.app() != null) {
            text(g, "file", "File", "/" + p.app().path());
        }
        if (p.source() != null && !Objects.equals(p.source().name(), p.name())) {
            text(g, "source_package", "Source package", p.source().name());
        }
        if (p.layer() != null) {
            text(g, "layer", "Layer (diffID)", p.layer().diffId());
        }
        text(g, "fix_status", "Fix status", f.status().label());
        if (f.knownExploited()) {
            text(g, "known_exploited", "Known exploited (CISA KEV)", "yes");
        }
        if (f.epss() != null) {
            text(g, "epss", "EPSS", String.format(Locale.ROOT, "%.5f", f.epss().score()));
        }
        g.writeEndObject();
    }

    private static void text(JsonGenerator g, String key, String name, String value) throws IOException {
        if (value == null || value.isEmpty()) {
            return;
        }
        g.writeObjectFieldStart(key);
        g.writeStringField("name", name);
        g.writeStringField("type", "text");
        g.writeStringField("value", value);
        g.writeEndObject();
    }

    /** {@code registry/repository:tag} as pulled, else the archive's first tag, else its name ({@code image}). */
    static String image(ImageSummary image) {
        if (image.reference() != null) {
            return image.reference();
        }
        String name = image.tags().isEmpty() ? image.name() : image.tags().get(0);
        return name == null || name.isBlank() ? "image" : name;
    }

    /** {@code debian:12.15}; {@code unknown} when no distribution was detected. */
    static String operatingSystem(OperatingSystem os) {
        if (!os.isKnown()) {
            return OperatingSystem.UNKNOWN_FAMILY;
        }
        return os.version() == null ? os.family() : os.family() + ":" + os.version();
    }

    static boolean validVector(String vector) {
        return vector != null && VECTORS.stream().anyMatch(r -> r.accepts(vector));
    }

    /** {@code s}, or its first {@code max - 1} characters and an ellipsis (never half a surrogate pair). */
    static String cut(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        int end = Character.isHighSurrogate(s.charAt(max - 2)) ? max - 2 : max - 1;
        return s.substring(0, end) + "…";
    }

    private record VectorRule(Pattern pattern, int min, int max) {
        boolean accepts(String vector) {
            return vector.length() >= min && vector.length() <= max && pattern.matcher(vector).matches();
        }
    }
}
