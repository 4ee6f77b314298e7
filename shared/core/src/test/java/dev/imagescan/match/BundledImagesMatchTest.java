package dev.imagescan.match;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagescan.inventory.Inventory;
import dev.imagescan.report.Finding;
import dev.imagescan.report.ReportBuilder;
import dev.imagescan.report.ReportFilter;
import dev.imagescan.report.Severity;
import dev.imagescan.report.VulnerabilityReport;
import dev.imagescan.scan.ImageScanner;
import dev.imagescan.scan.ScanOptions;
import dev.imagescan.testing.Corpus;
import dev.imagescan.vulndb.BundledDatabase;
import dev.imagescan.vulndb.VulnDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bundled images against the bundled database of real advisories. What each record should do to each image is
 * the snapshot's own MANIFEST.tsv, which was worked out when the snapshot was gathered with dpkg's own
 * {@code dpkg --compare-versions} and an independent apk ordering — not with this code.
 */
class BundledImagesMatchTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T00:00:00Z"), ZoneOffset.UTC);
    private static final Path MANIFEST = Path.of("src/main/vulndb-snapshot/MANIFEST.tsv");
    private static final Map<String, String> IMAGES = Map.of(
            "alpine-3.20.3", "alpine-3.20.3.oci.tar",
            "alpine-3.9.6", "alpine-3.9.6.docker.tar.gz",
            "alpine-3.6.5", "alpine-3.6.5.oci.tar",
            "debian-bookworm-trimmed", "debian-bookworm-trimmed.oci.tar");
    private static final Map<String, VulnerabilityReport> REPORTS = new HashMap<>();

    /** One expectation of the manifest: this advisory, for this (source) package of this image, affects it or not. */
    record Expectation(String image, String id, String pkg, String fixed, boolean affected) {
        @Override
        public String toString() {
            return image + " " + pkg + " " + id + (affected ? " affects" : " does not affect");
        }
    }

    static Stream<Expectation> expectations() throws IOException {
        List<Expectation> all = new ArrayList<>();
        for (String line : Files.readAllLines(MANIFEST).subList(1, Files.readAllLines(MANIFEST).size())) {
            String[] f = line.split("\t");
            for (String clause : f[5].split("\\|")) {
                // "alpine-3.20.3 musl 1.2.5-r0 vs fixed 1.2.5-r1: AFFECTED"
                String[] w = clause.trim().split(" ");
                String image = w[0];
                String pkg = w[1];
                String fixed = w[5].substring(0, w[5].length() - 1);
                boolean affected = clause.contains("AFFECTED");
                String image0 = image.startsWith("debian") ? "debian-bookworm-trimmed" : image;
                all.add(new Expectation(image0, f[1], pkg, fixed.equals("-") ? null : fixed, affected));
            }
        }
        return all.stream();
    }

    static Stream<Arguments> cases() throws IOException {
        return expectations().map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void eachRecordDoesWhatTheManifestSays(Expectation e) {
        VulnerabilityReport report = report(e.image());
        String cve = Matcher.cveOf(e.id()) == null ? e.id() : Matcher.cveOf(e.id());
        List<Finding> found = report.findings().stream()
                .filter(f -> f.matchedName().equals(e.pkg()) && f.id().equals(cve))
                .toList();
        Set<String> binaries = report.inventory().packages().stream()
                .filter(p -> Matcher.lookupName(p).equals(e.pkg()))
                .map(p -> p.name()).collect(Collectors.toSet());

        assertThat(binaries).as("packages built from " + e.pkg()).isNotEmpty();
        if (e.affected()) {
            // every binary package built from the source is affected, with the manifest's fix
            assertThat(found).extracting(f -> f.pkg().name()).containsExactlyInAnyOrderElementsOf(binaries);
            assertThat(found).allSatisfy(f -> {
                assertThat(f.fixedVersion()).isEqualTo(e.fixed());
                assertThat(f.advisoryIds()).contains(e.id());
            });
        } else {
            assertThat(found).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("imageNames")
    void reportsAreCoveredAndTheFixPlanClearsEveryFixableFinding(String image) {
        VulnerabilityReport report = report(image);

        assertThat(report.coverage().status()).isEqualTo(Coverage.Status.COVERED);
        long fixable = report.findings().stream().filter(Finding::fixable).count();
        assertThat(report.fixPlan().before().total() - report.fixPlan().after().total()).isEqualTo((int) fixable);
        assertThat(report.fixPlan().after().total()).isEqualTo(report.findings().size() - (int) fixable);
        assertThat(report.findings()).allSatisfy(f -> assertThat(f.level()).isIn((Object[]) Severity.values()));
    }

    static Stream<String> imageNames() {
        return IMAGES.keySet().stream().sorted();
    }

    private static synchronized VulnerabilityReport report(String image) {
        return REPORTS.computeIfAbsent(image, name -> {
            Inventory inv = new ImageScanner(ScanOptions.defaults()).scan(Corpus.image(IMAGES.get(name)));
            VulnDatabase db = BundledDatabase.load();
            return new ReportBuilder(CLOCK).build(inv, new Matcher(CLOCK).match(inv, db), db.info(), ReportFilter.ALL);
        });
    }
}
