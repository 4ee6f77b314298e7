package dev.imagescan.report;

import static dev.imagescan.vulndb.testing.Advisories.db;
import static dev.imagescan.vulndb.testing.Advisories.fixedIn;
import static dev.imagescan.vulndb.testing.Advisories.inventory;
import static dev.imagescan.vulndb.testing.Advisories.os;
import static dev.imagescan.vulndb.testing.Advisories.record;
import static dev.imagescan.vulndb.testing.Advisories.rpm;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagescan.inventory.Inventory;
import dev.imagescan.match.Match;
import dev.imagescan.match.MatchResult;
import dev.imagescan.match.Matcher;
import dev.imagescan.policy.PolicyEvaluator;
import dev.imagescan.policy.PolicyFormatException;
import dev.imagescan.policy.PolicyParser;
import dev.imagescan.policy.Verdict;
import dev.imagescan.vulndb.AffectedPackage;
import dev.imagescan.vulndb.FixStatus;
import dev.imagescan.vulndb.InMemoryVulnDatabase;
import dev.imagescan.vulndb.RangeEvent;
import dev.imagescan.vulndb.VersionRange;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Fix statuses from the advisories' entries through the matcher into the findings, every report format, the fix
 * plan, {@code --ignore-unfixed} and the policy's {@code ignoreStatuses}.
 */
class FixStatusReportTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T00:00:00Z"), ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ECO = "Red Hat:enterprise_linux:9::appstream";

    private static AffectedPackage unfixed(String name, FixStatus status) {
        return new AffectedPackage(ECO, name, List.of(new VersionRange(List.of(RangeEvent.introduced("0")))),
                List.of(), null, status);
    }

    private static InMemoryVulnDatabase database() {
        return db(
                record("CVE-2024-1").affects(fixedIn(ECO, "curl", "0:7.76.1-30.el9")).rating("Important").build(),
                record("CVE-2024-2").affects(unfixed("curl", FixStatus.WILL_NOT_FIX)).rating("Low").build(),
                record("CVE-2024-3").affects(unfixed("curl", FixStatus.OUT_OF_SUPPORT)).rating("Moderate").build(),
                record("CVE-2024-4").affects(unfixed("curl", FixStatus.UNDER_INVESTIGATION)).rating("Moderate")
                        .build(),
                record("CVE-2024-5").affects(fixedIn(ECO, "curl", null)).rating("Low").build(),
                // two advisories of one CVE disagree: "no fix yet" wins over "will not fix"
                record("RHSA-X").aliases("CVE-2024-6").affects(unfixed("curl", FixStatus.WILL_NOT_FIX)).build(),
                record("CVE-2024-6").affects(unfixed("curl", FixStatus.AFFECTED)).rating("Low").build());
    }

    private static Inventory image() {
        return inventory(os("rhel", "9.4"), rpm("curl", "0:7.76.1-26.el9", 0));
    }

    private static VulnerabilityReport report(ReportFilter filter) {
        InMemoryVulnDatabase db = database();
        MatchResult m = new Matcher(CLOCK).match(image(), db);
        return new ReportBuilder(CLOCK).build(image(), m, db.info(), filter);
    }

    @Test
    void theMatcherCarriesEachEntrysStatus() {
        MatchResult m = new Matcher(CLOCK).match(image(), database());

        assertThat(m.matches()).extracting(Match::vulnerabilityId, Match::status).containsExactly(
                org.assertj.core.groups.Tuple.tuple("CVE-2024-1", FixStatus.FIXED),
                org.assertj.core.groups.Tuple.tuple("CVE-2024-2", FixStatus.WILL_NOT_FIX),
                org.assertj.core.groups.Tuple.tuple("CVE-2024-3", FixStatus.OUT_OF_SUPPORT),
                org.assertj.core.groups.Tuple.tuple("CVE-2024-4", FixStatus.UNDER_INVESTIGATION),
                org.assertj.core.groups.Tuple.tuple("CVE-2024-5", FixStatus.AFFECTED),
                org.assertj.core.groups.Tuple.tuple("CVE-2024-6", FixStatus.AFFECTED));
        assertThat(m.matches().get(0).fixedVersion()).isEqualTo("0:7.76.1-30.el9");
    }

    @Test
    void everyFormatShowsTheStatus() throws IOException {
        VulnerabilityReport r = report(ReportFilter.ALL);

        String table = SampleReports.render(new TableReportWriter(), r);
        assertThat(table).contains("(will not fix)").contains("(out of support)").contains("(under investigation)")
                .contains("(no fix yet)").contains("0:7.76.1-30.el9")
                .contains("No fix: 2 findings no fix yet, 1 will not fix, 1 out of support, 1 under investigation");

        JsonNode json = JSON.readTree(SampleReports.render(new JsonReportWriter(), r));
        assertThat(JsonSchemas.reportProblems(json)).isEmpty();
        Map<String, String> byId = new java.util.HashMap<>();
        json.get("findings").forEach(f -> byId.put(f.get("id").asText(), f.get("fixStatus").asText()));
        assertThat(byId).containsEntry("CVE-2024-1", "fixed").containsEntry("CVE-2024-2", "will_not_fix")
                .containsEntry("CVE-2024-3", "out_of_support").containsEntry("CVE-2024-4", "under_investigation")
                .containsEntry("CVE-2024-5", "affected");
        assertThat(json.at("/fixPlan/unfixed/will_not_fix").asInt()).isEqualTo(1);
        assertThat(json.at("/fixPlan/unfixed/affected").asInt()).isEqualTo(2);
        assertThat(json.at("/fixPlan/unfixed/fixed").isMissingNode()).isTrue();

        VulnerabilityReport read = new JsonReportReader().read(new ByteArrayInputStream(
                SampleReports.render(new JsonReportWriter(), r).getBytes(StandardCharsets.UTF_8)));
        assertThat(read.findings()).isEqualTo(r.findings());
        assertThat(read.fixPlan().unfixed()).isEqualTo(r.fixPlan().unfixed());

        JsonNode sarif = JSON.readTree(SampleReports.render(new SarifReportWriter(), r));
        assertThat(JsonSchemas.sarifProblems(sarif)).isEmpty();
        assertThat(sarif.toString()).contains("\"fixStatus\":\"will_not_fix\"")
                .contains("the vendor will not fix it.");

        JsonNode vex = JSON.readTree(SampleReports.render(new CycloneDxVexWriter(), r));
        assertThat(JsonSchemas.cycloneDx15Problems(vex)).isEmpty();
        Map<String, JsonNode> analyses = new java.util.HashMap<>();
        vex.get("vulnerabilities").forEach(v -> analyses.put(v.get("id").asText(), v.get("analysis")));
        assertThat(analyses.get("CVE-2024-2").get("state").asText()).isEqualTo("exploitable");
        assertThat(analyses.get("CVE-2024-2").get("response").toString()).isEqualTo("[\"will_not_fix\"]");
        assertThat(analyses.get("CVE-2024-3").get("response").toString()).isEqualTo("[\"will_not_fix\"]");
        assertThat(analyses.get("CVE-2024-4").get("state").asText()).isEqualTo("in_triage");
        assertThat(analyses.get("CVE-2024-4").has("response")).isFalse();
        assertThat(analyses.get("CVE-2024-5").get("response").toString()).isEqualTo("[\"can_not_fix\"]");
        assertThat(analyses.get("CVE-2024-1").get("response").toString()).isEqualTo("[\"update\"]");

        String html = SampleReports.render(new HtmlReportWriter(), r);
        assertThat(html).contains("<em>will not fix</em>").contains("<em>out of support</em>")
                .contains("id=\"no-fix\"");
    }

    @Test
    void ignoreUnfixedLeavesOutEveryStatusWithoutAFix() {
        VulnerabilityReport r = report(new ReportFilter(java.util.Set.of(), true));

        assertThat(r.findings()).extracting(Finding::id).containsExactly("CVE-2024-1");
        assertThat(r.hidden().total()).isEqualTo(5);
        assertThat(r.fixPlan().unfixed()).isEmpty();
    }

    @Test
    void thePolicyCanLeaveOutWillNotFixAndOutOfSupport() {
        VulnerabilityReport r = report(ReportFilter.ALL);
        String counting = "{\"version\": 1, \"blockAt\": \"Low\", \"onlyFixable\": false";

        Verdict all = PolicyEvaluator.evaluate(PolicyParser.parse(counting + "}"), r, CLOCK);
        Verdict some = PolicyEvaluator.evaluate(PolicyParser.parse(counting
                + ", \"ignoreStatuses\": [\"will_not_fix\", \"out_of_support\"]}"), r, CLOCK);

        assertThat(all.considered()).isEqualTo(6);
        assertThat(some.considered()).isEqualTo(4);
        assertThat(some.reasons()).singleElement().satisfies(reason -> assertThat(reason.findings())
                .extracting(Verdict.FindingRef::id).doesNotContain("CVE-2024-2", "CVE-2024-3"));
        assertThatThrownBy(() -> PolicyParser.parse(counting + ", \"ignoreStatuses\": [\"fixed\"]}"))
                .isInstanceOf(PolicyFormatException.class).hasMessageContaining("'fixed' is not a fix status a policy"
                        + " can ignore");
        assertThatThrownBy(() -> PolicyParser.parse(counting + ", \"ignoreStatuses\": [\"wontfix\"]}"))
                .isInstanceOf(PolicyFormatException.class).hasMessageContaining("/ignoreStatuses/0");
        assertThat(JsonSchemas.policyProblems(readTree(counting
                + ", \"ignoreStatuses\": [\"will_not_fix\"]}"))).isEmpty();
    }

    private static JsonNode readTree(String s) {
        try {
            return JSON.readTree(s);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
