package dev.imagescan.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagescan.assess.Assessment;
import dev.imagescan.assess.Assessor;
import dev.imagescan.inventory.Inventory;
import dev.imagescan.report.ReportFilter;
import dev.imagescan.report.Suppression;
import dev.imagescan.scan.ImageScanner;
import dev.imagescan.scan.ScanOptions;
import dev.imagescan.testing.Corpus;
import dev.imagescan.vulndb.BundledDatabase;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * VEX documents stored with the policy (its {@code vex} field): the verdict and the report honour them, wherever the
 * policy is applied — the CLI's {@code --policy}, the scan function through {@link Assessor}, and a verdict judged on
 * a stored report through {@link PolicyEvaluator}. The bundled Alpine 3.20.3 image has two High findings with a fix,
 * CVE-2025-26519 in musl and musl-utils, which the default level rule blocks on.
 */
class PolicyVexTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC);
    /** The OpenVEX spec's example layout (openvex/spec OPENVEX-SPEC.md v0.2.0), about this image's musl. */
    private static final String OPENVEX = """
            {"@context": "https://openvex.dev/ns/v0.2.0", "@id": "https://example.com/vex/musl",
             "author": "Platform team", "timestamp": "2026-11-01T00:00:00Z", "version": 1,
             "statements": [{"vulnerability": {"name": "CVE-2025-26519"},
                             "products": [{"@id": "pkg:apk/alpine/musl"}, {"@id": "pkg:apk/alpine/musl-utils"}],
                             "status": "not_affected", "justification": "vulnerable_code_not_in_execute_path",
                             "impact_statement": "no EUC-KR conversion happens in this image"}]}
            """;
    private static Inventory alpine;

    @BeforeAll
    static void scan() {
        alpine = new ImageScanner(ScanOptions.defaults()).scan(Corpus.image("alpine-3.20.3.oci.tar"));
    }

    private static Policy policy(String vex) {
        return PolicyParser.parse("{\"version\": \"with-vex\", \"blockAt\": \"High\"" + vex + "}");
    }

    @Test
    void theVerdictAndTheReportHonourThePolicysVex() {
        Assessment without = new Assessor(CLOCK).assess(alpine, BundledDatabase.load(), ReportFilter.ALL,
                policy(""));
        Assessment with = new Assessor(CLOCK).assess(alpine, BundledDatabase.load(), ReportFilter.ALL,
                policy(", \"vex\": [" + OPENVEX + "]"));

        assertThat(blockingIds(without.verdict())).contains("CVE-2025-26519");
        assertThat(blockingIds(with.verdict())).doesNotContain("CVE-2025-26519");
        assertThat(with.verdict().considered()).isEqualTo(without.verdict().considered() - 2);
        assertThat(with.report().findings()).noneMatch(f -> f.id().equals("CVE-2025-26519"));
        assertThat(with.report().suppressed().findings()).hasSize(2).allSatisfy(s -> {
            assertThat(s.suppression().kind()).isEqualTo(Suppression.Kind.OPENVEX);
            assertThat(s.suppression().source()).isEqualTo("/vex/0");
        });
    }

    @Test
    void aVerdictJudgedOnAStoredReportHonoursItToo() {
        Policy policy = policy(", \"vex\": [" + OPENVEX + "]");
        var report = new Assessor(CLOCK).assess(alpine, BundledDatabase.load(), ReportFilter.ALL, null).report();

        assertThat(report.findings()).anyMatch(f -> f.id().equals("CVE-2025-26519"));
        assertThat(blockingIds(PolicyEvaluator.evaluate(policy, report, CLOCK))).doesNotContain("CVE-2025-26519");
        assertThat(blockingIds(PolicyEvaluator.evaluate(policy(""), report, CLOCK))).contains("CVE-2025-26519");
    }

    /** The ids of the findings that make {@code verdict} block (the bundled NVD ratings make more than musl's High). */
    private static List<String> blockingIds(Verdict verdict) {
        return verdict.reasons().stream().flatMap(r -> r.findings().stream()).map(Verdict.FindingRef::id).toList();
    }

    @Test
    void aBadStatementNamesItsPointer() {
        String noJustification = OPENVEX.replace("\"justification\": \"vulnerable_code_not_in_execute_path\",", "")
                .replace("\"impact_statement\": \"no EUC-KR conversion happens in this image\"", "\"x\": 1");

        assertThatThrownBy(() -> policy(", \"vex\": [" + noJustification + "]"))
                .isInstanceOf(PolicyFormatException.class)
                .hasMessage("policy /vex/0: statements[0]: not_affected needs a justification or an impact_statement");
        assertThatThrownBy(() -> policy(", \"vex\": {}"))
                .isInstanceOf(PolicyFormatException.class).hasMessageStartingWith("policy /vex: expected an array");
    }
}
