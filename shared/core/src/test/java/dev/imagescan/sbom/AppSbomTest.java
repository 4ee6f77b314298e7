package dev.imagescan.sbom;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagescan.analyzer.app.AppImages;
import dev.imagescan.analyzer.app.MoreAppImages;
import dev.imagescan.inventory.Inventory;
import dev.imagescan.inventory.PackageType;
import dev.imagescan.match.MatchResult;
import dev.imagescan.match.Matcher;
import dev.imagescan.report.CycloneDxWriter;
import dev.imagescan.scan.ImageScanner;
import dev.imagescan.scan.ScanOptions;
import dev.imagescan.testing.Corpus;
import dev.imagescan.testing.ImageBuilder;
import dev.imagescan.vulndb.InMemoryVulnDatabase;
import dev.imagescan.vulndb.OsvRecord;
import dev.imagescan.vulndb.osv.OsvParser;
import dev.imagescan.vulndb.testing.Advisories;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Application packages read from CycloneDX SBOMs: the SBOM our scanner writes for the two images of real application
 * packages comes back as the scan's inventory (type, ecosystem name, version, purl, path, application, evidence,
 * SHA-1, layer) and matches as the scan does; CycloneDX's own example SBOM of a Laravel project
 * (CycloneDX/bom-examples, see shared/testing sbom/README.md) gives its Composer packages, matched against the real
 * GHSA record for its guzzlehttp/psr7.
 */
class AppSbomTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC);

    @Test
    void ourOwnSbomOfApplicationImagesComesBackAsScanned(@TempDir Path dir) throws IOException {
        for (ImageBuilder image : List.of(AppImages.image(), MoreAppImages.image())) {
            Inventory scanned = new ImageScanner(ScanOptions.defaults()).scan(image.writeOciArchive(
                    dir.resolve("i" + System.nanoTime() + ".tar")));
            Inventory read = CycloneDxSbomReader.read(new ByteArrayInputStream(CycloneDxWriter.toJson(scanned)
                    .getBytes(StandardCharsets.UTF_8)), "own.cdx.json");
            assertThat(read.packages()).containsExactlyElementsOf(scanned.packages());
            assertThat(read.packages()).filteredOn(p -> !p.type().isOs()).isNotEmpty();
            InMemoryVulnDatabase db = db("GHSA-jfh8-c2jp-5v3q.json", "GHSA-xvch-5gv4-984h.json",
                    "GHSA-35jh-r3h4-6jhm.json", "GO-2023-1840.json", "GHSA-pxvg-2qj5-37jq.json",
                    "GHSA-5crp-9r3c-p9vr.json", "GHSA-q7rv-6hp3-vh96.json", "GHSA-2367-c296-3mp2.json");
            assertThat(ids(new Matcher(CLOCK).match(read, db))).isNotEmpty()
                    .isEqualTo(ids(new Matcher(CLOCK).match(scanned, db)));
        }
    }

    @Test
    void cycloneDxsExampleComposerSbom() throws IOException {
        Inventory read = CycloneDxSbomReader.read(
                Corpus.resource("sbom/cyclonedx-example-composer-laravel-7.12.0.json"));
        assertThat(read.packages()).hasSize(62).allMatch(p -> p.type() == PackageType.COMPOSER);
        assertThat(read.packages()).extracting(p -> p.name() + " " + p.version() + " " + p.purl() + " ["
                + p.app().path() + "]").contains("guzzlehttp/psr7 1.9.0 pkg:composer/guzzlehttp/psr7@1.9.0 []",
                        "laravel/framework v7.30.6 pkg:composer/laravel/framework@v7.30.6 []");
        MatchResult result = new Matcher(CLOCK).match(read, db("GHSA-wxmh-65f7-jcvw.json",
                "GHSA-q7rv-6hp3-vh96.json"));
        // 1.9.0 is past GHSA-q7rv's fix (1.8.4) and before GHSA-wxmh's (1.9.1)
        assertThat(result.matches()).extracting(m -> m.vulnerabilityId() + " " + m.pkg().name() + " "
                + m.pkg().version() + " -> " + m.fixedVersion())
                .containsExactly("CVE-2023-29197 guzzlehttp/psr7 1.9.0 -> 1.9.1");
    }

    private static List<String> ids(MatchResult result) {
        return result.matches().stream().map(m -> m.vulnerabilityId() + " " + m.pkg().name() + " "
                + m.pkg().version() + " " + m.pkg().app().path()).sorted().toList();
    }

    private static InMemoryVulnDatabase db(String... names) throws IOException {
        List<OsvRecord> records = new ArrayList<>();
        for (String name : names) {
            try (InputStream in = AppSbomTest.class.getResourceAsStream("/vulndb/lang/" + name)) {
                records.add(new OsvParser().parse(in.readAllBytes(), name));
            }
        }
        return Advisories.db(records.toArray(OsvRecord[]::new));
    }
}
