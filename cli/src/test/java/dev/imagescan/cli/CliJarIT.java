package dev.imagescan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagescan.cli.CliJar.Run;
import dev.imagescan.report.JsonSchemas;
import dev.imagescan.testing.Corpus;
import dev.imagescan.vulndb.testing.OsvFixtures;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jar users run, {@code target/imagescan.jar}, run as a process ({@code java -jar}, the java running this test)
 * on the bundled images: every {@code --format}, {@code --policy}, {@code --sbom}, {@code db build} and {@code db
 * info}, checking exit statuses, that nothing but the expected line reaches standard error, and each JSON output
 * against its schema. Nothing here runs through the test class path: a class the jar lacks (a dependency whose scope
 * kept it out) fails these tests, as it would fail users. Run by maven-failsafe-plugin after {@code package}.
 */
class CliJarIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path JAR = Path.of("target", "imagescan.jar").toAbsolutePath();
    private static final String ALPINE = Corpus.image("alpine-3.20.3.oci.tar").toString();
    private static final String DEBIAN = Corpus.image("debian-bookworm-trimmed.oci.tar").toString();

    @TempDir
    static Path dir;

    @BeforeAll
    static void theJarIsBuilt() {
        assertThat(JAR).as("run `mvn package` first").isRegularFile();
    }

    @Test
    void table() {
        Run run = run("scan", ALPINE);

        run.succeeded();
        assertThat(run.out()).contains("CVE-2025-26519").contains("Fix plan: ");
    }

    @Test
    void jsonReportFollowsItsSchema() throws IOException {
        for (String image : List.of(ALPINE, DEBIAN)) {
            JsonNode report = run("scan", "--format", "json", image).succeeded().json();

            assertThat(JsonSchemas.reportProblems(report)).as(image).isEmpty();
            assertThat(report.get("findings")).as(image).isNotEmpty();
        }
    }

    @Test
    void sarifFollowsItsSchema() throws IOException {
        JsonNode sarif = run("scan", "--format", "sarif", ALPINE).succeeded().json();

        assertThat(JsonSchemas.sarifProblems(sarif)).isEmpty();
        assertThat(sarif.at("/runs/0/results")).isNotEmpty();
    }

    @Test
    void cycloneDxSbomFollowsItsSchema() throws IOException {
        JsonNode bom = run("scan", "--format", "cyclonedx", ALPINE).succeeded().json();

        assertThat(JsonSchemas.cycloneDx15Problems(bom)).isEmpty();
        assertThat(bom.get("components")).hasSizeGreaterThanOrEqualTo(14);
    }

    @Test
    void spdxSbomFollowsSpdxsSchema() throws IOException {
        JsonNode spdx = run("scan", "--format", "spdx-json", ALPINE).succeeded().json();

        assertThat(JsonSchemas.spdx23Problems(spdx)).isEmpty();
        assertThat(spdx.get("packages")).hasSizeGreaterThanOrEqualTo(14 + 2);
    }

    @Test
    void gitLabReportFollowsGitLabsSchema() throws IOException {
        JsonNode gitlab = run("scan", "--format", "gitlab", ALPINE).succeeded().json();

        assertThat(JsonSchemas.gitLabContainerScanningProblems(gitlab)).isEmpty();
        assertThat(gitlab.get("vulnerabilities")).isNotEmpty();
    }

    @Test
    void cycloneDxVexFollowsItsSchema() throws IOException {
        JsonNode vex = run("scan", "--format", "cyclonedx-vex", ALPINE).succeeded().json();

        assertThat(JsonSchemas.cycloneDx15Problems(vex)).isEmpty();
        assertThat(vex.get("vulnerabilities")).isNotEmpty();
    }

    @Test
    void html() {
        Run run = run("scan", "--format", "html", ALPINE).succeeded();

        assertThat(run.out()).startsWith("<!DOCTYPE html>").contains("CVE-2025-26519").contains("</html>");
    }

    @Test
    void inventoryFollowsItsSchema() throws IOException {
        JsonNode inventory = run("scan", "--format", "inventory", ALPINE).succeeded().json();

        assertThat(JsonSchemas.inventoryProblems(inventory)).isEmpty();
        assertThat(inventory.get("packages")).hasSize(14);
    }

    @Test
    void packages() {
        assertThat(run("scan", "--format", "packages", ALPINE).succeeded().out()).contains("Packages: 14");
    }

    @Test
    void verdictOfTheDefaultPolicy() throws IOException {
        JsonNode verdict = run("scan", "--format", "verdict", ALPINE).succeeded().json();

        assertThat(verdict.get("decision").asText()).isEqualTo("BLOCKED");
        assertThat(verdict.get("policyVersion").asText()).isEqualTo("default");
    }

    @Test
    void policyBlocksWithItsExitCode() throws IOException {
        Path policy = Files.writeString(dir.resolve("policy.json"), "{\"version\": 7}");

        Run run = run("scan", ALPINE, "--policy", policy.toString(), "--exit-code", "3");

        assertThat(run.status()).as(run.err()).isEqualTo(3);
        assertThat(run.err()).contains("Policy verdict: BLOCKED (policy version 7").doesNotContain("Exception");
    }

    @Test
    void sbomScan() throws IOException {
        Path sbom = Corpus.resource("sbom/trivy-alpine-3.20.3.cdx.json");

        JsonNode report = run("scan", "--format", "json", "--sbom", sbom.toString()).succeeded().json();

        assertThat(JsonSchemas.reportProblems(report)).isEmpty();
        assertThat(report.toString()).contains("CVE-2025-26519");
    }

    @Test
    void dbBuildThenInfoThenScanWithIt() throws IOException {
        Path osv = OsvFixtures.copyTo(dir.resolve("osv"));
        Path db = dir.resolve("vulndb.bin");

        Run build = run("db", "build", "--from", osv.toString(), "-o", db.toString());
        Run info = run("db", "info", db.toString());
        Run infoJson = run("db", "info", "--format", "json", db.toString());
        Run scan = run("scan", "--format", "json", "--db", db.toString(), ALPINE);

        assertThat(build.status()).as(build.err()).isZero();
        assertThat(build.out()).startsWith("Wrote " + db + ": 5 advisories, ");
        assertThat(build.err()).doesNotContain("Exception");
        assertThat(info.succeeded().out()).contains("sha256:");
        assertThat(infoJson.succeeded().json().get("advisories").asInt()).isEqualTo(5);
        assertThat(JsonSchemas.reportProblems(scan.succeeded().json())).isEmpty();
    }

    @Test
    void outputToDevStdoutWritesThroughTheDescriptor() throws IOException {
        Run run = run("scan", "--format", "inventory", "-o", "/dev/stdout", ALPINE);

        assertThat(JsonSchemas.inventoryProblems(run.succeeded().json())).isEmpty();
    }

    @Test
    void aMissingImageFailsInOneLine() {
        Run run = run("scan", dir.resolve("absent.tar").toString());

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).startsWith("imagescan: error: ").hasLineCount(1);
    }

    @Test
    void version() {
        assertThat(run("--version").succeeded().out()).startsWith("imagescan ");
    }

    @Test
    void vexDocumentsFromTheEnvironment() throws IOException, URISyntaxException {
        String openVex = Path.of(CliJarIT.class.getResource("/suppress/alpine.openvex.json").toURI()).toString();
        String cdx = Path.of(CliJarIT.class.getResource("/suppress/alpine.cdx.json").toURI()).toString();

        Run both = CliJar.run(dir, Map.of("IMAGESCAN_VEX", openVex + "," + cdx), null, "scan", "--format",
                "json", ALPINE).succeeded();
        Run commandLine = CliJar.run(dir, Map.of("IMAGESCAN_VEX", openVex + "," + cdx), null, "scan",
                "--format", "json", "--vex", cdx, ALPINE).succeeded();

        assertThat(both.json().at("/suppressed/counts/total").asInt()).isEqualTo(5);
        assertThat(commandLine.json().at("/suppressed/counts/total").asInt()).isEqualTo(2);
    }

    private static Run run(String... args) {
        return CliJar.run(dir, args);
    }
}
