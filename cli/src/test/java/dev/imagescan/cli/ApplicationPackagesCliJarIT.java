package dev.imagescan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagescan.analyzer.app.AppImages;
import dev.imagescan.cli.CliJar.Run;
import dev.imagescan.report.JsonSchemas;
import dev.imagescan.testing.OsvFeeds;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped jar on an image with two application layers over a Debian base ({@link AppImages}: real jars, npm
 * tarballs, a Debian package, a Go binary): {@code db build} from one OSV {@code all.zip} per language ecosystem
 * (real GHSA, Go and OpenSSF records), then {@code scan} in every format that lists application packages: the
 * packages with their paths and layers, the findings by application with their remediation, the malicious package
 * apart, CycloneDX with purl, evidence path and SHA-1, each JSON document against its schema.
 */
class ApplicationPackagesCliJarIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path JAR = Path.of("target", "imagescan.jar").toAbsolutePath();
    private static final Map<String, List<String>> FEEDS = Map.of(
            "Maven", List.of("GHSA-jfh8-c2jp-5v3q.json"),
            "npm", List.of("GHSA-xvch-5gv4-984h.json", "GHSA-35jh-r3h4-6jhm.json", "MAL-2025-25502.json"),
            "PyPI", List.of("GHSA-v845-jxx5-vc9f.json"),
            "Go", List.of("GO-2023-1840.json"));

    @TempDir
    static Path dir;
    static Path image;
    static Path db;

    @BeforeAll
    static void buildTheImageAndTheDatabase() throws IOException {
        assertThat(JAR).as("run `mvn package` first").isRegularFile();
        image = AppImages.image().writeOciArchive(dir.resolve("apps.tar"));
        db = dir.resolve("lang.vulndb");
        List<String> args = new ArrayList<>(List.of("db", "build", "-o", db.toString()));
        for (Map.Entry<String, List<String>> feed : FEEDS.entrySet()) {
            Map<String, byte[]> records = new LinkedHashMap<>();
            for (String name : feed.getValue()) {
                records.put(name, resource("/vulndb/lang/" + name));
            }
            Path zip = Files.write(dir.resolve(feed.getKey() + "-all.zip"), OsvFeeds.zip(records));
            args.add("--from");
            args.add(zip.toString());
        }
        Run build = run(args.toArray(String[]::new)).succeeded();
        assertThat(build.out()).startsWith("Wrote " + db + ": 6 advisories");
    }

    @Test
    void inventoryListsEveryApplicationPackageWithPathAndLayer() throws IOException {
        JsonNode inventory = run("scan", "--format", "inventory", image.toString()).succeeded().json();
        assertThat(JsonSchemas.inventoryProblems(inventory)).isEmpty();
        TreeSet<String> apps = new TreeSet<>();
        for (JsonNode p : inventory.get("packages")) {
            if (p.has("app")) {
                apps.add(p.get("purl").asText() + " " + p.get("app").get("path").asText() + " layer "
                        + p.get("layer").get("index").asInt());
            }
        }
        assertThat(apps).containsExactly(
                "pkg:golang/example.com/greet@v1.2.3 " + AppImages.GO + " layer 1",
                "pkg:golang/example.com/shout2@v1.1.0 " + AppImages.GO + " layer 1",
                "pkg:golang/stdlib@v1.19.8 " + AppImages.GO + " layer 1",
                "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.10.8 " + AppImages.JACKSON_IN_WAR
                        + " layer 1",
                "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1 " + AppImages.LOG4J + " layer 1",
                "pkg:npm/lodahs@1.0.0 srv/web/node_modules/lodahs/package.json layer 2",
                "pkg:npm/lodash@4.17.15 srv/web/node_modules/lodash/package.json layer 2",
                "pkg:npm/lodash@4.17.20 " + AppImages.LOCK + " layer 2",
                "pkg:npm/minimist@1.2.0 srv/web/node_modules/minimist/package.json layer 2",
                "pkg:pypi/urllib3@1.26.12 " + AppImages.PIP_METADATA + " layer 2");
    }

    @Test
    void jsonReportHasTheFindingsOfEachApplicationAndTheMalwareApart() throws IOException {
        JsonNode report = run("scan", "--format", "json", "--db", db.toString(), image.toString()).succeeded().json();
        assertThat(JsonSchemas.reportProblems(report)).isEmpty();
        TreeSet<String> findings = new TreeSet<>();
        for (JsonNode f : report.get("findings")) {
            findings.add(f.get("id").asText() + " " + f.get("package").get("name").asText() + " "
                    + f.get("severity").asText() + " " + f.path("category").asText("-") + " | "
                    + f.get("remediation").get("command").asText("-"));
        }
        assertThat(findings).containsExactly(
                "CVE-2021-23337 lodash High - | cd /opt/tool && npm install lodash@4.17.21",
                "CVE-2021-23337 lodash High - | cd /srv/web && npm install lodash@4.17.21",
                "CVE-2021-44228 org.apache.logging.log4j:log4j-core High - | depend on "
                        + "org.apache.logging.log4j:log4j-core:2.15.0 instead in the build of /" + AppImages.LOG4J,
                "CVE-2021-44906 minimist High - | cd /srv/web && npm install minimist@1.2.6",
                "CVE-2023-29403 stdlib Unknown - | rebuild /usr/local/bin/hello with Go 1.19.10 or later",
                "CVE-2023-43804 urllib3 Medium - | pip install 'urllib3>=1.26.17'  # into "
                        + "/usr/local/lib/python3.11/dist-packages",
                "MAL-2025-25502 lodahs Unknown malicious | -");
    }

    @Test
    void tableGroupsFindingsByApplication() {
        String out = run("scan", "--db", db.toString(), image.toString()).succeeded().out();
        assertThat(out).contains("Application npm /srv/web (2)", "Application maven /" + AppImages.LOG4J + " (1)",
                "Application golang /usr/local/bin/hello (1)", "Application npm /opt/tool (1)",
                "Application pypi /usr/local/lib/python3.11/dist-packages (1)",
                "MALICIOUS PACKAGES (1)", "cd /srv/web && npm install lodash@4.17.21 minimist@1.2.6");
        assertThat(out.indexOf("Application ")).isLessThan(out.indexOf("MALICIOUS"));
    }

    @Test
    void cycloneDxCarriesPurlEvidencePathAndSha1() throws IOException {
        JsonNode bom = run("scan", "--format", "cyclonedx", image.toString()).succeeded().json();
        assertThat(JsonSchemas.cycloneDx15Problems(bom)).isEmpty();
        JsonNode log4j = null;
        for (JsonNode c : bom.get("components")) {
            if ("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1".equals(c.path("purl").asText())) {
                log4j = c;
            }
        }
        assertThat(log4j).as("log4j-core in the SBOM").isNotNull();
        assertThat(log4j.at("/evidence/occurrences/0/location").asText()).isEqualTo("/" + AppImages.LOG4J);
        assertThat(log4j.at("/hashes/0/alg").asText()).isEqualTo("SHA-1");
        assertThat(log4j.at("/hashes/0/content").asText()).isEqualTo("9141212b8507ab50a45525b545b39d224614528b");
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = ApplicationPackagesCliJarIT.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }

    private static Run run(String... args) {
        return CliJar.run(dir, args);
    }
}
