package dev.imagescan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagescan.report.JsonSchemas;
import dev.imagescan.testing.Corpus;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --ignorefile}, {@code --vex} and {@code --show-suppressed} on the bundled Alpine 3.20.3 image, whose 22
 * findings in the bundled database the documents in {@code src/test/resources/suppress/} (README there) speak of:
 * <ul>
 *   <li>ignore.yaml: CVE-2025-26519 for musl only (not musl-utils): 1; CVE-2024-58251 expired in 2020: none, and a
 *       warning; CVE-2025-46394 for the packages named busybox or whose advisories name busybox (busybox,
 *       busybox-binsh, ssl_client): 3;</li>
 *   <li>alpine.openvex.json: CVE-2024-9143 not_affected in libcrypto3 and libssl3 of this image (by digest): 2;
 *       CVE-2024-12797 fixed in libssl3 x86_64: 1; CVE-2025-9230 not_affected, then later affected: none;
 *       CVE-2024-13176 in another image: none;</li>
 *   <li>alpine.cdx.json: CVE-2026-6042 not_affected in musl-utils (BOM-Link to a local bom-ref): 1; CVE-2026-40200
 *       resolved in musl (a purl): 1; CVE-2025-15467 without analysis: none.</li>
 * </ul>
 * 9 suppressed, 13 left.
 */
class SuppressionCliTest {
    private static final String ALPINE = Corpus.image("alpine-3.20.3.oci.tar").toString();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static String doc(String name) {
        try {
            return Path.of(Objects.requireNonNull(SuppressionCliTest.class.getResource("/suppress/" + name)).toURI())
                    .toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static CliRun scanWithAll(String... more) {
        List<String> args = new ArrayList<>(List.of("scan", "--ignorefile", doc("ignore.yaml"),
                "--vex", doc("alpine.openvex.json"), "--vex", doc("alpine.cdx.json")));
        args.addAll(List.of(more));
        args.add(ALPINE);
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void vexDocumentsFromTheConfigFileUnlessTheCommandLineNamesOthers() throws IOException {
        Path config = Files.writeString(dir.resolve("imagescan.yaml"), "vex:\n  - " + doc("alpine.openvex.json")
                + "\n  - " + doc("alpine.cdx.json") + "\n");

        CliRun fromConfig = CliRun.of("--config", config.toString(), "scan", ALPINE);
        CliRun replaced = CliRun.of("--config", config.toString(), "scan", "--vex", doc("alpine.cdx.json"), ALPINE);

        assertThat(fromConfig.status()).as(fromConfig.err()).isZero();
        assertThat(fromConfig.out()).contains("Findings:  17 (").contains("; 5 suppressed");
        assertThat(replaced.out()).contains("Findings:  20 (").contains("; 2 suppressed");
    }

    @Test
    void tableCountsWhatWasSuppressedAndWarnsOfExpiredEntries() {
        CliRun plain = CliRun.of("scan", ALPINE);
        CliRun run = scanWithAll();

        assertThat(plain.out()).contains("Findings:  22 (");
        assertThat(run.status()).isZero();
        assertThat(run.out()).contains("Findings:  13 (")
                .contains("; 9 suppressed (--show-suppressed lists them)")
                .doesNotContainPattern("\\n  CVE-2024-9143 ");
        assertThat(run.err()).contains("imagescan: warning: ignore entry cve-2024-58251 expired on 2020-01-01");
    }

    @Test
    void showSuppressedListsEachWithItsReason() {
        CliRun run = scanWithAll("--show-suppressed");

        assertThat(run.out()).contains("Suppressed (9)")
                .containsPattern("\\n  CVE-2024-9143 +libcrypto3 \\(openssl\\) +3\\.3\\.2-r0 +\\w+ +not_affected"
                        + " \\(vulnerable_code_not_in_execute_path\\) by .*alpine\\.openvex\\.json: GF\\(2\\^m\\)")
                .containsPattern("\\n  CVE-2025-26519 +musl +1\\.2\\.5-r0 +\\w+ +ignored by .*ignore\\.yaml: iconv")
                .containsPattern("\\n  CVE-2026-40200 +musl +1\\.2\\.5-r0 +\\w+ +fixed by .*alpine\\.cdx\\.json");
    }

    @Test
    void jsonCarriesTheSuppressedFindingsAndFollowsItsSchema() throws IOException {
        Path out = dir.resolve("report.json");
        CliRun run = scanWithAll("--format", "json", "-o", out.toString());

        assertThat(run.status()).isZero();
        assertThat(run.err()).contains("imagescan: note: 9 findings suppressed");
        JsonNode json = JSON.readTree(out.toFile());
        assertThat(JsonSchemas.reportProblems(json)).isEmpty();
        assertThat(json.get("findings")).hasSize(13);
        assertThat(json.at("/suppressed/findings")).hasSize(9);
        int total = 0;
        for (String level : List.of("High", "Medium", "Low", "Unknown")) {
            total += json.at("/suppressed/counts/" + level).asInt();
        }
        assertThat(total).isEqualTo(9);
        assertThat(ids(json.at("/suppressed/findings"))).containsExactlyInAnyOrder("CVE-2024-9143 libcrypto3",
                "CVE-2024-9143 libssl3", "CVE-2024-12797 libssl3", "CVE-2025-26519 musl", "CVE-2025-46394 busybox",
                "CVE-2025-46394 busybox-binsh", "CVE-2025-46394 ssl_client", "CVE-2026-6042 musl-utils",
                "CVE-2026-40200 musl");
        JsonNode vex = find(json.at("/suppressed/findings"), "CVE-2026-6042");
        assertThat(vex.at("/suppression/kind").asText()).isEqualTo("cyclonedx-vex");
        assertThat(vex.at("/suppression/status").asText()).isEqualTo("not_affected");
        assertThat(vex.at("/suppression/justification").asText()).isEqualTo("code_not_reachable");
        assertThat(json.at("/suppressed/notices/0").asText()).contains("cve-2024-58251 expired on 2020-01-01");
    }

    @Test
    void sarifMarksSuppressedResultsAndFollowsItsSchema() throws IOException {
        CliRun run = scanWithAll("--format", "sarif");

        JsonNode sarif = JSON.readTree(run.out());
        assertThat(JsonSchemas.sarifProblems(sarif)).isEmpty();
        JsonNode results = sarif.at("/runs/0/results");
        assertThat(results).hasSize(22);
        List<JsonNode> suppressed = new ArrayList<>();
        results.forEach(r -> {
            if (r.has("suppressions")) {
                suppressed.add(r);
            }
        });
        assertThat(suppressed).hasSize(9);
        assertThat(suppressed).allSatisfy(r -> {
            assertThat(r.at("/suppressions/0/kind").asText()).isEqualTo("external");
            assertThat(r.at("/suppressions/0/status").asText()).isEqualTo("accepted");
        });
    }

    @Test
    void cycloneDxVexCarriesTheAnalysisAndFollowsItsSchema() throws IOException {
        CliRun run = scanWithAll("--format", "cyclonedx-vex");

        JsonNode bom = JSON.readTree(run.out());
        assertThat(JsonSchemas.cycloneDx15Problems(bom)).isEmpty();
        assertThat(bom.get("vulnerabilities")).hasSize(22);
        assertThat(analysis(bom, "CVE-2024-9143", "libssl3").at("/state").asText()).isEqualTo("not_affected");
        assertThat(analysis(bom, "CVE-2024-9143", "libssl3").at("/justification").asText())
                .isEqualTo("code_not_reachable");
        assertThat(analysis(bom, "CVE-2026-40200", "musl").at("/state").asText()).isEqualTo("resolved");
        assertThat(analysis(bom, "CVE-2025-26519", "musl").at("/response/0").asText()).isEqualTo("will_not_fix");
        assertThat(analysis(bom, "CVE-2025-9230", "libcrypto3").at("/state").asText()).isEqualTo("exploitable");
    }

    @Test
    void htmlListsThemWithTheirStatements() {
        CliRun run = scanWithAll("--format", "html");

        assertThat(run.out()).contains("<h2>Suppressed (9)</h2>")
                .contains("not_affected (vulnerable_code_not_in_execute_path) by ")
                .contains("ignore entry cve-2024-58251 expired on 2020-01-01");
    }

    @Test
    void theVerdictIgnoresSuppressedFindings() throws IOException {
        Path policy = Files.writeString(dir.resolve("policy.json"),
                "{\"version\": 1, \"blockAt\": \"Unknown\", \"onlyFixable\": false}");
        CliRun blocked = CliRun.of("scan", "--format", "verdict", "--policy", policy.toString(), ALPINE);
        JsonNode all = JSON.readTree(CliRun.of("scan", "--format", "json", ALPINE).out()).get("findings");
        StringBuilder lines = new StringBuilder("# every finding of the image, in the line format\n");
        all.forEach(f -> lines.append(f.get("id").asText()).append(" exp:2999-01-01 # accepted for the test\n"));
        Path ignore = Files.writeString(dir.resolve("ignore"), lines);
        CliRun allowed = CliRun.of("scan", "--format", "verdict", "--policy", policy.toString(), "--ignorefile",
                ignore.toString(), ALPINE);

        assertThat(JSON.readTree(blocked.out()).get("decision").asText()).isEqualTo("BLOCKED");
        assertThat(JSON.readTree(allowed.out()).get("decision").asText()).isEqualTo("ALLOWED");
    }

    @Test
    void badDocumentsFailInOneLineNamingTheEntry() throws IOException {
        Path vex = Files.writeString(dir.resolve("bad.openvex.json"), """
                {"@context": "https://openvex.dev/ns/v0.2.0", "@id": "x", "author": "a",
                 "timestamp": "2023-01-08T18:02:03Z", "version": 1,
                 "statements": [{"vulnerability": {"name": "CVE-1"}, "products": [{"@id": "pkg:apk/alpine/musl"}],
                                 "status": "not_affected"}]}
                """);
        Path ignore = Files.writeString(dir.resolve("bad.yaml"), "vulnerabilities:\n  - id: CVE-1\n    expires: x\n");

        CliRun badVex = CliRun.of("scan", "--vex", vex.toString(), ALPINE);
        CliRun badIgnore = CliRun.of("scan", "--ignorefile", ignore.toString(), ALPINE);
        CliRun missing = CliRun.of("scan", "--vex", dir.resolve("nope.json").toString(), ALPINE);

        assertThat(badVex.status()).isEqualTo(ImageScanCli.SCAN_FAILED);
        assertThat(badVex.err()).isEqualTo("imagescan: error: " + vex + ": statements[0]: not_affected needs a"
                + " justification or an impact_statement\n");
        assertThat(badIgnore.err()).startsWith("imagescan: error: " + ignore + ": vulnerabilities[0]: unknown key"
                + " 'expires'");
        assertThat(missing.status()).isEqualTo(ImageScanCli.SCAN_FAILED);
        assertThat(missing.err()).contains("nope.json: no such file or directory");
    }

    private static List<String> ids(JsonNode findings) {
        List<String> ids = new ArrayList<>();
        findings.forEach(f -> ids.add(f.get("id").asText() + " " + f.at("/package/name").asText()));
        return ids;
    }

    private static JsonNode find(JsonNode findings, String id) {
        for (JsonNode f : findings) {
            if (f.get("id").asText().equals(id)) {
                return f;
            }
        }
        throw new AssertionError(id + " not found");
    }

    private static JsonNode analysis(JsonNode bom, String id, String pkg) {
        for (JsonNode v : bom.get("vulnerabilities")) {
            if (v.get("id").asText().equals(id) && v.at("/affects/0/ref").asText().contains("/" + pkg + "@")) {
                return v.get("analysis");
            }
        }
        throw new AssertionError(id + " not found");
    }
}
