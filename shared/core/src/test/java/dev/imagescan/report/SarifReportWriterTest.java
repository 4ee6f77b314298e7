package dev.imagescan.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SarifReportWriterTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode sarif(VulnerabilityReport report) throws IOException {
        return JSON.readTree(SampleReports.render(new SarifReportWriter(), report));
    }

    @Test
    void bundledImagesGiveValidSarifWithOneRulePerIdAndOneResultPerFinding() throws IOException {
        for (String image : List.of("debian-bookworm-trimmed.oci.tar", "alpine-3.9.6.docker.tar.gz")) {
            VulnerabilityReport report = SampleReports.of(image);
            assertThat(report.findings()).as(image).isNotEmpty();
            JsonNode doc = sarif(report);

            assertThat(JsonSchemas.sarifProblems(doc)).as(image).isEmpty();
            assertThat(doc.get("version").asText()).isEqualTo("2.1.0");
            assertThat(doc.get("runs")).hasSize(1);
            JsonNode run = doc.at("/runs/0");
            assertThat(run.at("/tool/driver/name").asText()).isEqualTo("imagescan");
            assertThat(run.at("/tool/driver/informationUri").asText()).startsWith("https://");
            Set<String> ids = new HashSet<>();
            report.findings().forEach(f -> ids.add(f.id()));
            JsonNode rules = run.at("/tool/driver/rules");
            assertThat(rules).hasSize(ids.size());
            JsonNode results = run.get("results");
            assertThat(results).hasSize(report.findings().size());
            for (int i = 0; i < results.size(); i++) {
                JsonNode r = results.get(i);
                Finding f = report.findings().get(i);
                JsonNode rule = rules.get(r.get("ruleIndex").asInt());
                assertThat(rule.get("id").asText()).isEqualTo(r.get("ruleId").asText()).isEqualTo(f.id());
                assertThat(r.get("level").asText()).isEqualTo(SarifReportWriter.level(f.level()));
                assertThat(r.at("/message/text").asText()).contains(f.pkg().name()).contains(f.pkg().version());
                if (f.fixable()) {
                    assertThat(r.at("/message/text").asText()).contains(f.fixedVersion()).contains(f.command());
                }
                assertThat(r.at("/locations/0/physicalLocation/artifactLocation/uri").asText())
                        .isEqualTo(image.startsWith("debian") ? "var/lib/dpkg/status" : "lib/apk/db/installed");
                assertThat(r.at("/locations/0/physicalLocation/region/startLine").asInt()).isEqualTo(1);
                assertThat(r.at("/partialFingerprints/" + SarifReportWriter.FINGERPRINT_KEY.replace("/", "~1"))
                        .asText()).matches("[0-9a-f]{64}");
            }
            for (JsonNode rule : rules) {
                assertThat(rule.at("/shortDescription/text").asText()).isNotBlank();
                assertThat(rule.at("/properties/tags").toString()).contains("security");
                JsonNode score = rule.at("/properties/security-severity");
                if (!score.isMissingNode()) {
                    assertThat(Double.parseDouble(score.asText())).isBetween(0.1, 10.0);
                }
            }
        }
    }

    @Test
    void fingerprintsAreStableAcrossRunsAndDistinctPerFinding() throws IOException {
        VulnerabilityReport report = SampleReports.of("debian-bookworm-trimmed.oci.tar");
        List<String> first = fingerprints(sarif(report));
        List<String> second = fingerprints(sarif(report));

        assertThat(first).isEqualTo(second);
        assertThat(new HashSet<>(first)).hasSize(first.size());
    }

    @Test
    void securitySeverityFollowsTheLevelNotAHigherCvssScore() {
        VulnerabilityReport report = SampleReports.of("debian-bookworm-trimmed.oci.tar");
        for (Finding f : report.findings()) {
            String score = SarifReportWriter.securitySeverity(f);
            if (f.level() == Severity.UNKNOWN) {
                assertThat(score).isNull();
            } else {
                assertThat(Severity.ofScore(Double.parseDouble(score))).as(f.id()).isEqualTo(f.level());
            }
        }
    }

    @Test
    void hostileTextStaysValidJsonAndTheSchemaCatchesABrokenResult() throws IOException {
        JsonNode doc = sarif(SampleReports.withHostileSummary(SampleReports.of("alpine-3.9.6.docker.tar.gz")));
        assertThat(JsonSchemas.sarifProblems(doc)).isEmpty();
        assertThat(doc.at("/runs/0/tool/driver/rules/0/shortDescription/text").asText())
                .isEqualTo(SampleReports.HOSTILE_SUMMARY);

        ((ObjectNode) doc.at("/runs/0/results/0")).put("level", "critical");
        assertThat(JsonSchemas.sarifProblems(doc)).isNotEmpty();
    }

    private static List<String> fingerprints(JsonNode doc) {
        List<String> out = new ArrayList<>();
        doc.at("/runs/0/results").forEach(r -> out.add(r.get("partialFingerprints").elements().next().asText()));
        return out;
    }
}
