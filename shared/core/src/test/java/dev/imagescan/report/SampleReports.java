package dev.imagescan.report;

import dev.imagescan.inventory.Inventory;
import dev.imagescan.match.Matcher;
import dev.imagescan.scan.ImageScanner;
import dev.imagescan.scan.ScanOptions;
import dev.imagescan.testing.Corpus;
import dev.imagescan.vulndb.BundledDatabase;
import dev.imagescan.vulndb.VulnDatabase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reports of the bundled images against the bundled database, made once per test JVM, and their renderings. */
final class SampleReports {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T00:00:00Z"), ZoneOffset.UTC);
    /** A summary no renderer may pass through unescaped. */
    static final String HOSTILE_SUMMARY = "<script>alert(\"x\")</script> & 'quoted' \"text\" </td></table>";
    private static final Map<String, VulnerabilityReport> REPORTS = new HashMap<>();

    private SampleReports() {}

    /** The report (every level, unfixed included) of {@code image}, one of the corpus images. */
    static synchronized VulnerabilityReport of(String image) {
        return REPORTS.computeIfAbsent(image, name -> {
            Inventory inv = new ImageScanner(ScanOptions.defaults()).scan(Corpus.image(name));
            VulnDatabase db = BundledDatabase.load();
            return new ReportBuilder(CLOCK).build(inv, new Matcher(CLOCK).match(inv, db), db.info(), ReportFilter.ALL);
        });
    }

    /** {@code report} with its first finding's summary replaced by {@link #HOSTILE_SUMMARY}. */
    static VulnerabilityReport withHostileSummary(VulnerabilityReport report) {
        List<Finding> findings = new ArrayList<>(report.findings());
        Finding f = findings.get(0);
        findings.set(0, new Finding(f.id(), f.advisoryIds(), f.aliases(), f.pkg(), f.matchedName(), f.fixedVersion(),
                f.severity(), HOSTILE_SUMMARY, f.references(), f.command(), f.baseLayer()));
        return new VulnerabilityReport(report.inventory(), report.coverage(), report.database(), report.generatedAt(),
                report.filter(), findings, report.counts(), report.hidden(), report.fixPlan());
    }

    /**
     * {@code report} with its findings' levels rewritten in the pattern High, Medium, Medium, Low, Low, Low, Unknown
     * (repeated) and its counts to match: a report with a different count at each level, for the chart.
     */
    static VulnerabilityReport withMixedLevels(VulnerabilityReport report) {
        Severity[] pattern = {Severity.HIGH, Severity.MEDIUM, Severity.MEDIUM, Severity.LOW, Severity.LOW, Severity.LOW,
                Severity.UNKNOWN};
        List<Finding> findings = new ArrayList<>();
        for (int i = 0; i < report.findings().size(); i++) {
            Finding f = report.findings().get(i);
            SeverityAssessment s = new SeverityAssessment(pattern[i % pattern.length], f.severity().source(),
                    f.severity().rating(), f.severity().cvss());
            findings.add(new Finding(f.id(), f.advisoryIds(), f.aliases(), f.pkg(), f.matchedName(), f.fixedVersion(),
                    s, f.summary(), f.references(), f.command(), f.baseLayer()));
        }
        return new VulnerabilityReport(report.inventory(), report.coverage(), report.database(), report.generatedAt(),
                report.filter(), findings, SeverityCounts.of(findings), report.hidden(), report.fixPlan());
    }

    static String render(ReportWriter writer, VulnerabilityReport report) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writer.write(report, out);
        return out.toString(StandardCharsets.UTF_8);
    }
}
