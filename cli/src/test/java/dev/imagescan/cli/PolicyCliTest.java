package dev.imagescan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagescan.testing.Corpus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code imagescan scan --policy FILE} and {@code --format verdict}. The bundled Alpine 3.20.3 image has eight High
 * findings with a fix (CVE-2025-26519 in musl and musl-utils, rated by its OSV record; CVE-2026-40200 in musl and
 * musl-utils, CVE-2025-15467 and CVE-2025-9230 in libcrypto3 and libssl3, rated by NVD) and Unknown ones.
 */
class PolicyCliTest {
    private static final String ALPINE = Corpus.image("alpine-3.20.3.oci.tar").toString();

    @TempDir
    Path dir;

    private String policy(String json) throws IOException {
        Path file = dir.resolve("policy-" + json.hashCode() + ".json");
        Files.writeString(file, json);
        return file.toString();
    }

    @Test
    void theVerdictFollowsTheReportAndExitCodeMeansBlocked() throws IOException {
        CliRun run = CliRun.of("scan", ALPINE, "--policy", policy("{\"version\": 9}"), "--exit-code", "3");

        assertThat(run.status()).isEqualTo(3);
        assertThat(run.out()).contains("Fix plan: ").doesNotContain("Policy verdict");
        assertThat(run.err()).contains("Policy verdict: BLOCKED (policy version 9, evaluated ")
                .contains("8 findings at High with a fix available (blockAt High)")
                .containsPattern("\\n    CVE-2025-26519 +musl +1\\.2\\.5-r0 +High +fixed in 1\\.2\\.5-r1\\n")
                .containsPattern("\\n    CVE-2025-26519 +musl-utils ");
    }

    @Test
    void anAllowedImageExitsZeroEvenWithFindingsLeft() throws IOException {
        String waiveMusl = policy("""
                {"version": "w1", "allow": [
                 {"id": "CVE-2025-26519", "package": "musl", "reason": "r", "expires": "2999-01-01"},
                 {"id": "CVE-2026-40200", "package": "musl", "reason": "r", "expires": "2999-01-01"},
                 {"id": "CVE-2025-15467", "package": "openssl", "reason": "r", "expires": "2999-01-01"},
                 {"id": "CVE-2025-9230", "package": "openssl", "reason": "r", "expires": "2999-01-01"}]}""");

        CliRun run = CliRun.of("scan", ALPINE, "--policy", waiveMusl, "--exit-code", "3");
        CliRun plain = CliRun.of("scan", ALPINE, "--exit-code", "3");

        // "musl" and "openssl" are the advisory (origin) names of musl-utils, libcrypto3 and libssl3 too
        assertThat(run.status()).isZero();
        assertThat(run.err()).contains("Policy verdict: ALLOWED (policy version w1")
                .contains("Waived by the allow-list (8):");
        assertThat(plain.status()).isEqualTo(3);
        assertThat(plain.err()).doesNotContain("Policy verdict");
    }

    @Test
    void theDisplayFilterDoesNotChangeTheVerdict() throws IOException {
        CliRun run = CliRun.of("scan", ALPINE, "--severity", "Unknown", "--policy", policy("{\"version\": 1}"),
                "--exit-code", "4");

        assertThat(run.status()).isEqualTo(4);
        assertThat(run.out()).doesNotContain("CVE-2025-26519");
        assertThat(run.err()).contains("Policy verdict: BLOCKED").contains("CVE-2025-26519");
    }

    @Test
    void formatVerdictWritesTheVerdictJson() throws IOException {
        Path out = dir.resolve("verdict.json");
        CliRun defaults = CliRun.of("scan", ALPINE, "--format", "verdict");
        CliRun strict = CliRun.of("scan", ALPINE, "--format", "verdict", "-o", out.toString(), "--policy",
                policy("{\"version\": 2, \"blockAt\": \"Unknown\", \"maxCounts\": {\"Unknown\": 3}}"));

        JsonNode json = new ObjectMapper().readTree(defaults.out());
        assertThat(defaults.status()).isZero();
        assertThat(json.get("decision").asText()).isEqualTo("BLOCKED");
        assertThat(json.get("policyVersion").asText()).isEqualTo("default");
        assertThat(json.at("/image/name").asText()).isEqualTo("alpine-3.20.3.oci.tar");
        // riskiest first: CVE-2025-9230 in libcrypto3 (EPSS 1.6% in the embedded extract) before CVE-2025-15467
        // (NVD CVSS 8.8, no EPSS score there)
        assertThat(json.at("/reasons/0/findings/0/id").asText()).isEqualTo("CVE-2025-9230");
        assertThat(json.at("/reasons/0/findings/0/fixedVersion").asText()).isEqualTo("3.3.5-r0");
        assertThat(json.at("/reasons/0/findings/2/id").asText()).isEqualTo("CVE-2025-15467");
        assertThat(defaults.err()).doesNotContain("Policy verdict");

        assertThat(strict.status()).isZero();
        assertThat(strict.out()).isEmpty();
        JsonNode file = new ObjectMapper().readTree(out.toFile());
        assertThat(file.get("policyVersion").asText()).isEqualTo("2");
        assertThat(file.get("reasons").findValuesAsText("rule")).containsExactly("blockAt", "maxCounts.Unknown");
    }

    @Test
    void anInvalidOrMissingPolicyIsAUsageError() throws IOException {
        CliRun bad = CliRun.of("scan", ALPINE, "--policy", policy("{\"version\": 1, \"blockAt\": \"high\"}"));
        CliRun missing = CliRun.of("scan", ALPINE, "--policy", dir.resolve("nope.json").toString());

        assertThat(bad.status()).isEqualTo(ImageScanCli.USAGE);
        assertThat(bad.err()).contains("policy /blockAt: unknown level \"high\"");
        assertThat(missing.status()).isEqualTo(ImageScanCli.USAGE);
        assertThat(missing.err()).contains("--policy: ").contains("nope.json: no such file");
        assertThat(bad.out()).isEmpty();
    }

    @Test
    void helpNamesTheOptionAndTheFormat() {
        CliRun run = CliRun.of("scan", "--help");

        assertThat(run.out()).contains("--policy FILE").contains("verdict (the policy verdict");
    }
}
