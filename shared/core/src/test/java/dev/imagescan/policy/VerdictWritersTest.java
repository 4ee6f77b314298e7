package dev.imagescan.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagescan.match.Coverage;
import dev.imagescan.report.Severity;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class VerdictWritersTest {
    private static final Verdict.FindingRef OPENSSL =
            new Verdict.FindingRef("CVE-2024-6", "libssl3", "3.0.11-1", Severity.HIGH, "3.0.15-1");
    private static final Verdict.FindingRef CURL =
            new Verdict.FindingRef("CVE-2024-2", "curl", "7.88.1-10", Severity.HIGH, null);
    private static final AllowEntry WAIVER =
            new AllowEntry("CVE-2024-2", "curl", "not reachable", LocalDate.of(2027, 1, 1));
    private static final AllowEntry OLD = new AllowEntry("CVE-2023-9", null, "old", LocalDate.of(2026, 1, 1));
    private static final Verdict VERDICT = new Verdict(Verdict.Decision.BLOCKED, "7",
            Instant.parse("2026-11-27T12:00:00Z"), new Verdict.Subject("img", null, "sha256:c"),
            Coverage.Status.COVERED, 3,
            List.of(new Verdict.Reason("blockAt", "1 finding at High with a fix available (blockAt High)",
                    List.of(OPENSSL))),
            List.of(new Verdict.Waiver(CURL, WAIVER)), List.of(new Verdict.ExpiredEntry(OLD, List.of())),
            List.of("a warning"));

    @Test
    void jsonHasEveryFieldInAFixedOrder() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new VerdictJsonWriter().write(VERDICT, out);
        JsonNode json = new ObjectMapper().readTree(out.toByteArray());

        assertThat(json.fieldNames()).toIterable().containsExactly("verdictVersion", "decision", "policyVersion",
                "evaluatedAt", "image", "coverage", "considered", "reasons", "waived", "expired", "warnings");
        assertThat(json.get("decision").asText()).isEqualTo("BLOCKED");
        assertThat(json.get("policyVersion").asText()).isEqualTo("7");
        assertThat(json.get("evaluatedAt").asText()).isEqualTo("2026-11-27T12:00:00Z");
        assertThat(json.at("/image/manifestDigest").isNull()).isTrue();
        assertThat(json.at("/reasons/0/rule").asText()).isEqualTo("blockAt");
        assertThat(json.at("/reasons/0/findings/0").toString()).isEqualTo("{\"id\":\"CVE-2024-6\",\"package\":"
                + "\"libssl3\",\"installedVersion\":\"3.0.11-1\",\"severity\":\"High\",\"fixedVersion\":\"3.0.15-1\"}");
        assertThat(json.at("/waived/0/finding/fixedVersion").isNull()).isTrue();
        assertThat(json.at("/waived/0/entry/expires").asText()).isEqualTo("2027-01-01");
        assertThat(json.at("/expired/0/entry/package").isNull()).isTrue();
        assertThat(json.at("/expired/0/message").asText()).isEqualTo("expired on 2026-01-01");
        assertThat(json.at("/warnings/0").asText()).isEqualTo("a warning");
    }

    @Test
    void tableNamesTheDecisionReasonsWaiversAndExpiredEntries() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new VerdictTable().write(VERDICT, out);
        String text = out.toString(StandardCharsets.UTF_8);

        assertThat(text).startsWith("Policy verdict: BLOCKED (policy version 7, evaluated 2026-11-27T12:00:00Z)\n")
                .contains("  1 finding at High with a fix available (blockAt High)\n")
                .containsPattern("\\n    CVE-2024-6 +libssl3 +3\\.0\\.11-1 +High +fixed in 3\\.0\\.15-1\\n")
                .contains("Waived by the allow-list (1):")
                .containsPattern("CVE-2024-2 +curl +7\\.88\\.1-10 +High +no fix  until 2027-01-01: not reachable")
                .contains("    CVE-2023-9 expired on 2026-01-01: old [0 findings]")
                .contains("  warning: a warning");
    }
}
