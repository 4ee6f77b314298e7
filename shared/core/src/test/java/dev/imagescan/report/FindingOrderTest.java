package dev.imagescan.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagescan.inventory.LayerRef;
import dev.imagescan.inventory.Package;
import dev.imagescan.inventory.PackageType;
import dev.imagescan.inventory.SourcePackage;
import dev.imagescan.vulndb.CveSignals;
import dev.imagescan.vulndb.CvssScore;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

/** The keyed sort of a report's findings gives exactly the order of {@link ReportBuilder#ORDER}, ties kept stable. */
class FindingOrderTest {
    private static final LocalDate DAY = LocalDate.of(2026, 11, 1);

    /** Findings drawn from few values per field, so that every field decides somewhere and whole ties occur. */
    @RepeatedTest(5)
    void sortsExactlyAsTheReportOrderAndKeepsTiesInPlace(RepetitionInfo run) {
        SplittableRandom random = new SplittableRandom(run.getCurrentRepetition());
        List<Finding> findings = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            findings.add(finding(random));
        }
        List<Finding> expected = new ArrayList<>(findings);
        expected.sort(ReportBuilder.ORDER);
        List<Finding> sorted = new ArrayList<>(findings);
        FindingOrder.sort(sorted, f -> f);
        assertThat(sorted).hasSize(expected.size());
        for (int i = 0; i < sorted.size(); i++) {
            assertThat(sorted.get(i)).as("position %d", i).isSameAs(expected.get(i));
        }
    }

    @Test
    void sortsItemsByTheirFindings() {
        SplittableRandom random = new SplittableRandom(7);
        List<SuppressedFinding> items = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            items.add(new SuppressedFinding(finding(random), new Suppression(Suppression.Kind.IGNORE_FILE,
                    Suppression.IGNORED, null, null, ".imagescanignore")));
        }
        List<SuppressedFinding> expected = new ArrayList<>(items);
        expected.sort((a, b) -> ReportBuilder.ORDER.compare(a.finding(), b.finding()));
        FindingOrder.sort(items, SuppressedFinding::finding);
        assertThat(items).containsExactlyElementsOf(expected);
    }

    private static Finding finding(SplittableRandom random) {
        Severity level = Severity.values()[random.nextInt(Severity.values().length)];
        CvssScore cvss = random.nextInt(4) == 0 ? null
                : new CvssScore("3.1", "CVSS:3.1/AV:N", new double[] {0, 5.3, 7.5, 9.8}[random.nextInt(4)]);
        CveSignals.Epss epss = random.nextInt(3) == 0 ? null
                : new CveSignals.Epss(new double[] {0, 0.01, 0.5}[random.nextInt(3)], 0.5, DAY);
        CveSignals.Kev kev = random.nextInt(5) == 0 ? new CveSignals.Kev(DAY, DAY, false) : null;
        String name = new String[] {"openssl", "curl", "zlib"}[random.nextInt(3)];
        String arch = new String[] {"x86_64", "noarch", null}[random.nextInt(3)];
        Package pkg = new Package(PackageType.RPM, name, "1.0-1", arch, new SourcePackage(name, "1.0-1"),
                "pkg:rpm/redhat/" + name + "@1.0-1", new LayerRef(0, "sha256:" + "0".repeat(64)), null);
        String id = "CVE-2024-" + (1000 + random.nextInt(4));
        return new Finding(id, List.of(id), List.of(), pkg, name, null,
                new SeverityAssessment(level, "cvss", null, cvss), "", List.of(), null, false, kev, epss, null);
    }
}
