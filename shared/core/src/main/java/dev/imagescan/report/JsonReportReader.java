package dev.imagescan.report;

import dev.imagescan.inventory.ImageSummary;
import dev.imagescan.inventory.Inventory;
import dev.imagescan.inventory.OperatingSystem;
import dev.imagescan.inventory.Package;
import dev.imagescan.match.Coverage;
import dev.imagescan.vulndb.CveSignals;
import dev.imagescan.vulndb.CvssScore;
import dev.imagescan.vulndb.DatabaseInfo;
import dev.imagescan.vulndb.FixStatus;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Reads back the vulnerability report document {@link JsonReportWriter} writes (schema version 1,
 * docs/report-format.md), so that a stored report can be rendered by the other {@link ReportWriter}s and judged by a
 * policy: every writer gives the same bytes for {@code read(write(report))} as for {@code report}.
 *
 * <p>The findings' and the fix plan's packages are the very packages of the inventory's list ({@code installed}), as
 * in a report the builder made. A report written before {@code installed} was added has only the packages of its
 * findings; its inventory then holds those. Fields the reader does not know are ignored (the format only adds
 * fields). Anything that is not such a document is an {@link IOException} naming what is wrong and where
 * ({@code findings[3].cvss.score: expected a number, found a string}); the document is at most {@link #MAX_BYTES}
 * and nests at most {@link JsonObject#MAX_DEPTH} levels.
 */
public final class JsonReportReader {
    /** The largest report document read. */
    public static final int MAX_BYTES = 64 * 1024 * 1024;

    /** Reads one report document from {@code in} (not closed). */
    public VulnerabilityReport read(InputStream in) throws IOException {
        JsonObject doc = JsonObject.parse(in, MAX_BYTES, "report");
        try {
            return report(doc);
        } catch (IllegalArgumentException e) {
            throw new IOException("not a valid JSON report document (schema version "
                    + JsonReportWriter.SCHEMA_VERSION + "): " + e.getMessage(), e);
        }
    }

    private static VulnerabilityReport report(JsonObject doc) {
        JsonInventoryReader.schemaVersion(doc, JsonReportWriter.SCHEMA_VERSION);
        Instant generatedAt = instant(doc, "generatedAt");
        if (generatedAt == null) {
            throw doc.bad("generatedAt", "must not be null");
        }
        List<Finding> findings = new ArrayList<>();
        for (JsonObject f : doc.objects("findings")) {
            findings.add(finding(f));
        }
        List<Package> packages = packages(doc, findings);
        Inventory inventory = new Inventory(image(doc.object("image")), os(doc.object("os")), packages,
                doc.strings("warnings"), doc.object("scanner").strings("analyzers"));
        return new VulnerabilityReport(inventory, coverage(doc.object("coverage")), database(doc.object("database")),
                generatedAt, filter(doc.object("filter")), findings, counts(doc, "counts"), counts(doc, "hidden"),
                fixPlan(doc.object("fixPlan"), findings), suppressed(doc.optionalObject("suppressed")));
    }

    /** The suppressed findings with their statements, and the notices; none in a report written before them. */
    private static Suppressed suppressed(JsonObject s) {
        if (s == null) {
            return Suppressed.NONE;
        }
        List<SuppressedFinding> findings = new ArrayList<>();
        for (JsonObject f : s.objects("findings")) {
            JsonObject by = f.object("suppression");
            String kind = by.requiredString("kind");
            Suppression.Kind k;
            try {
                k = Suppression.Kind.valueOf(kind.toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw by.bad("kind", "unknown value '" + kind + "'");
            }
            findings.add(new SuppressedFinding(finding(f), new Suppression(k, by.requiredString("status"),
                    by.string("justification"), by.string("statement"), by.requiredString("source"))));
        }
        return Suppressed.of(findings, s.strings("notices"));
    }

    /** The {@code installed} packages, with the findings' packages replaced by the equal ones of that list. */
    private static List<Package> packages(JsonObject doc, List<Finding> findings) {
        int count = doc.intValue("packages");
        if (!doc.has("installed")) {
            Set<Package> own = new LinkedHashSet<>();
            findings.forEach(f -> own.add(f.pkg()));
            return own.stream().sorted(Package.ORDER).toList();
        }
        List<Package> packages = new ArrayList<>();
        for (JsonObject p : doc.objects("installed")) {
            packages.add(JsonInventoryReader.pkg(p));
        }
        if (packages.size() != count) {
            throw doc.bad("installed", "holds " + packages.size() + " packages, but packages says " + count);
        }
        Map<Package, Package> canonical = new LinkedHashMap<>();
        packages.forEach(p -> canonical.putIfAbsent(p, p));
        for (int i = 0; i < findings.size(); i++) {
            Finding f = findings.get(i);
            Package p = canonical.get(f.pkg());
            if (p == null) {
                throw doc.bad("findings[" + i + "].package", "names " + f.pkg().name() + " " + f.pkg().version()
                        + ", which installed does not hold");
            }
            findings.set(i, new Finding(f.id(), f.advisoryIds(), f.aliases(), p, f.matchedName(), f.fixedVersion(),
                    f.severity(), f.summary(), f.references(), f.command(), f.baseLayer(), f.kev(), f.epss(),
                    f.status()));
        }
        return packages;
    }

    private static ImageSummary image(JsonObject image) {
        List<ImageSummary.Layer> layers = new ArrayList<>();
        for (JsonObject l : image.objects("layers")) {
            layers.add(new ImageSummary.Layer(l.intValue("index"), l.string("diffId"), l.optionalString("digest"),
                    l.optionalString("mediaType"), l.has("size") ? l.longValue("size") : 0));
        }
        return new ImageSummary(image.string("name"), image.string("format"), image.string("platform"),
                image.string("manifestDigest"), image.string("configDigest"), image.strings("tags"), layers,
                image.optionalString("reference"), image.optionalString("repository"));
    }

    private static OperatingSystem os(JsonObject os) {
        return new OperatingSystem(os.requiredString("family"), os.string("version"), os.string("name"),
                os.bool("distroless"), os.optionalString("source"),
                os.has("extendedSupport") && os.bool("extendedSupport"));
    }

    private static DatabaseInfo database(JsonObject db) {
        Map<String, Integer> ecosystems = new LinkedHashMap<>();
        JsonObject counts = db.optionalObject("ecosystems");
        if (counts != null) {
            for (String ecosystem : counts.fields()) {
                ecosystems.put(ecosystem, counts.intValue(ecosystem));
            }
        }
        Map<String, Long> sourceRecords = new LinkedHashMap<>();
        JsonObject records = db.optionalObject("sourceRecords");
        if (records != null) {
            for (String source : records.fields()) {
                sourceRecords.put(source, records.longValue(source));
            }
        }
        return new DatabaseInfo(db.intValue("formatVersion"), instant(db, "builtAt"), db.strings("sources"),
                instant(db, "newestAdvisory"), db.longValue("advisories"), ecosystems, db.string("version"),
                sourceRecords, db.has("cves") ? db.longValue("cves") : 0);
    }

    private static Coverage coverage(JsonObject c) {
        Coverage.Status status = constant(c, "status", Coverage.Status.class);
        String eol = c.string("endOfLife");
        LocalDate endOfLife;
        try {
            endOfLife = eol == null ? null : LocalDate.parse(eol);
        } catch (DateTimeParseException e) {
            throw c.bad("endOfLife", "'" + eol + "' is not a date (yyyy-mm-dd)");
        }
        return new Coverage(status, c.string("ecosystem"), c.strings("ecosystems"), endOfLife,
                c.bool("endOfLifeReached"), c.string("message"));
    }

    /** All four levels shown is {@link ReportFilter#ALL}'s empty set, which the writer writes as all four. */
    private static ReportFilter filter(JsonObject filter) {
        Set<Severity> levels = EnumSet.noneOf(Severity.class);
        List<String> labels = filter.strings("severities");
        for (int i = 0; i < labels.size(); i++) {
            levels.add(level(filter, "severities[" + i + "]", labels.get(i)));
        }
        boolean all = levels.size() == Severity.values().length;
        return new ReportFilter(all ? Set.of() : levels, filter.bool("ignoreUnfixed"));
    }

    private static Finding finding(JsonObject f) {
        JsonObject source = f.object("severitySource");
        JsonObject cvss = f.optionalObject("cvss");
        SeverityAssessment severity = new SeverityAssessment(level(f, "severity", f.requiredString("severity")),
                source.requiredString("from"), source.string("rating"), cvss == null ? null
                        : new CvssScore(cvss.requiredString("version"), cvss.string("vector"), cvss.number("score")));
        JsonObject pkg = f.object("package");
        String fixedVersion = f.string("fixedVersion");
        String status = f.requiredString("status");
        if (!status.equals(fixedVersion == null ? "unfixed" : "fixed")) {
            throw f.bad("status", "is " + status + ", but fixedVersion is " + fixedVersion);
        }
        FixStatus fixStatus = fixStatus(f, fixedVersion);
        JsonObject remediation = f.object("remediation");
        String layer = remediation.string("layer");
        if (layer != null && !layer.equals("base") && !layer.equals("later")) {
            throw remediation.bad("layer", "expected base, later or null, found '" + layer + "'");
        }
        return new Finding(f.requiredString("id"), f.strings("advisories"), f.strings("aliases"),
                JsonInventoryReader.pkg(pkg), pkg.requiredString("advisoryName"), fixedVersion, severity,
                f.string("summary"), f.strings("references"), remediation.string("command"), "base".equals(layer),
                kev(f.optionalObject("kev")), epss(f.optionalObject("epss")), fixStatus);
    }

    /** A finding's {@code fixStatus}, agreeing with its fixed version; derived from it when absent (older reports). */
    private static FixStatus fixStatus(JsonObject f, String fixedVersion) {
        String word = f.string("fixStatus");
        if (word == null) {
            return fixedVersion == null ? FixStatus.AFFECTED : FixStatus.FIXED;
        }
        FixStatus s = FixStatus.ofWord(word).filter(x -> x.word().equals(word))
                .orElseThrow(() -> f.bad("fixStatus", "'" + word + "' is not a fix status"));
        if (s.fixed() != (fixedVersion != null)) {
            throw f.bad("fixStatus", "is " + word + ", but fixedVersion is " + fixedVersion);
        }
        return s;
    }

    /** A finding's {@code kev}: null when null or absent (reports written before it existed). */
    private static CveSignals.Kev kev(JsonObject kev) {
        if (kev == null) {
            return null;
        }
        return new CveSignals.Kev(date(kev, "dateAdded", kev.requiredString("dateAdded")),
                date(kev, "dueDate", kev.string("dueDate")), kev.bool("knownRansomware"));
    }

    private static CveSignals.Epss epss(JsonObject epss) {
        if (epss == null) {
            return null;
        }
        try {
            return new CveSignals.Epss(epss.number("score"), epss.number("percentile"),
                    date(epss, "date", epss.string("date")));
        } catch (IllegalArgumentException e) {
            throw epss.bad("score", e.getMessage());
        }
    }

    private static LocalDate date(JsonObject o, String field, String text) {
        if (text == null) {
            return null;
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw o.bad(field, "'" + text + "' is not a date such as 2026-01-31");
        }
    }

    /** The plan; each upgrade's package is the findings' package of that name, arch, version (and purl). */
    private static FixPlan fixPlan(JsonObject plan, List<Finding> findings) {
        List<FixPlan.Upgrade> upgrades = new ArrayList<>();
        List<JsonObject> objects = plan.objects("upgrades");
        for (int i = 0; i < objects.size(); i++) {
            upgrades.add(upgrade(plan, "upgrades[" + i + "]", objects.get(i), findings));
        }
        return new FixPlan(upgrades, plan.strings("commands"), counts(plan, "before"), counts(plan, "after"),
                unfixed(plan.optionalObject("unfixed")));
    }

    /** The plan's {@code unfixed} counts by fix status; none when absent (older reports). */
    private static Map<FixStatus, Integer> unfixed(JsonObject unfixed) {
        Map<FixStatus, Integer> counts = new EnumMap<>(FixStatus.class);
        if (unfixed == null) {
            return counts;
        }
        for (FixStatus s : FixStatus.values()) {
            if (s.fixed()) {
                continue;
            }
            double n = unfixed.has(s.word()) ? unfixed.number(s.word()) : 0;
            if (n < 0 || n != Math.rint(n) || n > Integer.MAX_VALUE) {
                throw unfixed.bad(s.word(), "expected a count, found " + n);
            }
            counts.put(s, (int) n);
        }
        return counts;
    }

    private static FixPlan.Upgrade upgrade(JsonObject plan, String at, JsonObject u, List<Finding> findings) {
        String name = u.requiredString("package");
        String arch = u.string("arch");
        String from = u.requiredString("from");
        String purl = u.optionalString("purl");
        Package pkg = findings.stream().map(Finding::pkg)
                .filter(p -> p.name().equals(name) && Objects.equals(p.arch(), arch) && p.version().equals(from)
                        && (!u.has("purl") || Objects.equals(p.purl(), purl)))
                .findFirst()
                .orElseThrow(() -> plan.bad(at, "upgrades " + name + " " + from + ", which no finding names"));
        return new FixPlan.Upgrade(pkg, from, u.requiredString("to"), u.string("command"), counts(u, "clears"),
                u.strings("findings"));
    }

    private static SeverityCounts counts(JsonObject parent, String field) {
        JsonObject c = parent.object(field);
        SeverityCounts counts = new SeverityCounts(c.intValue("High"), c.intValue("Medium"), c.intValue("Low"),
                c.intValue("Unknown"));
        if (c.has("total") && c.intValue("total") != counts.total()) {
            throw c.bad("total", "is " + c.intValue("total") + ", not the sum of the levels " + counts.total());
        }
        return counts;
    }

    private static Severity level(JsonObject o, String field, String label) {
        for (Severity s : Severity.values()) {
            if (s.label().equals(label)) {
                return s;
            }
        }
        throw o.bad(field, "expected High, Medium, Low or Unknown, found '" + label + "'");
    }

    private static <E extends Enum<E>> E constant(JsonObject o, String field, Class<E> type) {
        String name = o.requiredString(field);
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(name)) {
                return e;
            }
        }
        throw o.bad(field, "unknown value '" + name + "'");
    }

    private static Instant instant(JsonObject o, String field) {
        String s = o.string(field);
        try {
            return s == null ? null : Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw o.bad(field, "'" + s + "' is not an ISO 8601 instant");
        }
    }
}
