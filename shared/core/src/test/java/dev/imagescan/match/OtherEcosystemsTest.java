package dev.imagescan.match;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagescan.analyzer.app.MoreAppImages;
import dev.imagescan.cache.InMemoryLayerCache;
import dev.imagescan.inventory.Inventory;
import dev.imagescan.inventory.Package;
import dev.imagescan.report.Finding;
import dev.imagescan.report.ReportBuilder;
import dev.imagescan.report.ReportFilter;
import dev.imagescan.report.VulnerabilityReport;
import dev.imagescan.scan.ImageScanner;
import dev.imagescan.scan.ScanOptions;
import dev.imagescan.vulndb.InMemoryVulnDatabase;
import dev.imagescan.vulndb.OsvRecord;
import dev.imagescan.vulndb.osv.OsvParser;
import dev.imagescan.vulndb.testing.Advisories;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Ruby, .NET, PHP and Rust analyzers on an image of real files ({@link MoreAppImages}), matched against real GHSA
 * records for RubyGems, NuGet, Packagist and crates.io (shared/testing vulndb/lang, sources in its README): each
 * package's path, application, layer, evidence and purl; Debian's ruby-rack left to dpkg; the findings, their fixed
 * versions and where to upgrade; and a re-scan from the layer cache.
 */
class OtherEcosystemsTest {
    static final List<String> RECORDS = List.of("GHSA-pxvg-2qj5-37jq.json", "GHSA-5crp-9r3c-p9vr.json",
            "GHSA-q7rv-6hp3-vh96.json", "GHSA-2367-c296-3mp2.json");

    @TempDir
    static Path dir;
    static Path image;
    static Inventory inventory;
    static InMemoryVulnDatabase db;

    @BeforeAll
    static void scanAndLoad() throws IOException {
        image = MoreAppImages.image().writeOciArchive(dir.resolve("more.tar"));
        inventory = new ImageScanner(ScanOptions.defaults()).scan(image);
        List<OsvRecord> records = new ArrayList<>();
        for (String name : RECORDS) {
            try (InputStream in = OtherEcosystemsTest.class.getResourceAsStream("/vulndb/lang/" + name)) {
                records.add(new OsvParser().parse(in.readAllBytes(), name));
            }
        }
        db = Advisories.db(records.toArray(OsvRecord[]::new));
    }

    /** type name version | path | application | layer | evidence. */
    private static List<String> rows(String type) {
        return inventory.packages().stream().filter(p -> p.type().purlType().equals(type))
                .map(p -> p.name() + " " + p.version() + " | " + p.app().path() + " | " + p.app().application()
                        + " | " + p.layer().index() + " | " + p.app().evidence() + " | " + p.purl())
                .sorted().toList();
    }

    @Test
    void rubyGemsFromTheGemHomeAndDebiansGemLeftToDpkg() {
        assertThat(rows("gem")).containsExactly("nokogiri 1.13.10 | " + MoreAppImages.NOKOGIRI + " | "
                + MoreAppImages.GEM_HOME + " | 1 | gemspec | pkg:gem/nokogiri@1.13.10");
        assertThat(inventory.packages()).filteredOn(p -> p.name().contains("rack"))
                .extracting(p -> p.type() + " " + p.name() + " " + p.version())
                .containsExactly("DEB ruby-rack 2.2.22-0+deb12u2");
    }

    @Test
    void nugetPackagesOfTheDepsJson() {
        assertThat(rows("nuget")).containsExactly("Newtonsoft.Json 9.0.1 | " + MoreAppImages.DEPS_JSON + " | "
                + MoreAppImages.DEPS_JSON + " | 1 | deps.json | pkg:nuget/Newtonsoft.Json@9.0.1");
    }

    @Test
    void composerPackagesOfBothLayouts() {
        List<String> php = rows("composer");
        assertThat(php).contains("guzzlehttp/psr7 1.8.3 | " + MoreAppImages.PHP_APP + MoreAppImages.INSTALLED + " | "
                        + MoreAppImages.PHP_APP + " | 1 | installed.json | pkg:composer/guzzlehttp/psr7@1.8.3",
                "zendframework/zend-stdlib 3.1.0 | " + MoreAppImages.PHP_LEGACY + MoreAppImages.INSTALLED + " | "
                        + MoreAppImages.PHP_LEGACY + " | 1 | installed.json"
                        + " | pkg:composer/zendframework/zend-stdlib@3.1.0",
                "zendframework/zend-form dev-master | " + MoreAppImages.PHP_LEGACY + MoreAppImages.INSTALLED + " | "
                        + MoreAppImages.PHP_LEGACY + " | 1 | installed.json"
                        + " | pkg:composer/zendframework/zend-form@dev-master");
        assertThat(php.stream().filter(r -> r.contains(MoreAppImages.PHP_APP + "/"))).hasSize(3);
        assertThat(php.stream().filter(r -> r.contains(MoreAppImages.PHP_LEGACY + "/"))).hasSize(23);
    }

    @Test
    void cratesOfTheCargoAuditableListBuiltIntoTheBinary() {
        // cc is a build dependency and untar the local root crate: neither is a crates.io crate in the program
        assertThat(rows("cargo")).containsExactly(
                "filetime 0.2.1 | " + MoreAppImages.RUST + " | " + MoreAppImages.RUST
                        + " | 1 | cargo-auditable | pkg:cargo/filetime@0.2.1",
                "libc 0.2.43 | " + MoreAppImages.RUST + " | " + MoreAppImages.RUST
                        + " | 1 | cargo-auditable | pkg:cargo/libc@0.2.43",
                "tar 0.4.15 | " + MoreAppImages.RUST + " | " + MoreAppImages.RUST
                        + " | 1 | cargo-auditable | pkg:cargo/tar@0.4.15",
                "xattr 0.2.2 | " + MoreAppImages.RUST + " | " + MoreAppImages.RUST
                        + " | 1 | cargo-auditable | pkg:cargo/xattr@0.2.2");
        assertThat(inventory.analyzers()).contains("rust/2", "ruby/1", "dotnet/2", "composer/1", "go/3");
    }

    @Test
    void eachEcosystemMatchesInItsOwnOrderAndSaysWhereToUpgrade() {
        MatchResult result = new Matcher(ApplicationMatchingTest.CLOCK).match(inventory, db);
        assertThat(result.matches()).extracting(m -> m.vulnerabilityId() + " " + m.pkg().name() + " "
                + m.pkg().version() + " -> " + m.fixedVersion())
                .containsExactlyInAnyOrder("GHSA-pxvg-2qj5-37jq nokogiri 1.13.10 -> 1.14.3",
                        "CVE-2024-21907 Newtonsoft.Json 9.0.1 -> 13.0.1",
                        "CVE-2022-24775 guzzlehttp/psr7 1.8.3 -> 1.8.4",
                        "CVE-2018-20990 tar 0.4.15 -> 0.4.16");
        VulnerabilityReport report = new ReportBuilder(ApplicationMatchingTest.CLOCK).build(inventory, result,
                db.info(), ReportFilter.ALL);
        assertThat(finding(report, "nokogiri").command())
                .isEqualTo("gem install 'nokogiri:1.14.3'  # into /" + MoreAppImages.GEM_HOME);
        assertThat(finding(report, "Newtonsoft.Json").command()).isEqualTo(
                "dotnet add package Newtonsoft.Json --version 13.0.1  # in the project that builds /"
                        + MoreAppImages.DEPS_JSON);
        assertThat(finding(report, "guzzlehttp/psr7").command())
                .isEqualTo("cd /" + MoreAppImages.PHP_APP + " && composer require guzzlehttp/psr7:^1.8.4");
        assertThat(finding(report, "tar").command())
                .isEqualTo("cargo update -p tar --precise 0.4.16 && rebuild /" + MoreAppImages.RUST);
        // the CVSS vector gives the level (GHSA says MODERATE for psr7; its vector scores 5.3)
        assertThat(finding(report, "Newtonsoft.Json").level().label()).isEqualTo("High");
        assertThat(finding(report, "guzzlehttp/psr7").level().label()).isEqualTo("Medium");
    }

    @Test
    void aCachedRescanGivesTheSameInventory() {
        InMemoryLayerCache cache = new InMemoryLayerCache();
        ImageScanner scanner = new ImageScanner(ScanOptions.defaults().withLayerCache(cache));
        Inventory first = scanner.scan(image);
        Inventory again = scanner.scan(image);
        assertThat(again.packages()).isEqualTo(first.packages());
        assertThat(again.packages().stream().map(Package::purl).toList())
                .isEqualTo(inventory.packages().stream().map(Package::purl).toList());
    }

    private static Finding finding(VulnerabilityReport report, String name) {
        return report.findings().stream().filter(f -> f.pkg().name().equals(name)).findFirst().orElseThrow();
    }
}
