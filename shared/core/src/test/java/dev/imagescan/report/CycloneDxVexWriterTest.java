package dev.imagescan.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.cyclonedx.Version;
import org.cyclonedx.parsers.JsonParser;
import org.junit.jupiter.api.Test;

class CycloneDxVexWriterTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void bundledImagesGiveValidBomsWithOneVulnerabilityPerFindingPointingAtItsComponent() throws Exception {
        for (String image : List.of("debian-bookworm-trimmed.oci.tar", "alpine-3.9.6.docker.tar.gz")) {
            VulnerabilityReport report = SampleReports.of(image);
            byte[] bytes = SampleReports.render(new CycloneDxVexWriter(), report).getBytes(StandardCharsets.UTF_8);
            JsonNode bom = JSON.readTree(bytes);

            assertThat(JsonSchemas.cycloneDx15Problems(bom)).as(image).isEmpty();
            assertThat(new JsonParser().validate(bytes, Version.VERSION_15)).as(image).isEmpty();
            assertThat(bom.get("specVersion").asText()).isEqualTo("1.5");
            Map<String, JsonNode> components = new HashMap<>();
            bom.get("components").forEach(c -> components.put(c.path("bom-ref").asText(), c));
            assertThat(components).hasSize(report.inventory().packages().size() + 1);
            JsonNode vulns = bom.get("vulnerabilities");
            assertThat(vulns).hasSize(report.findings().size());
            for (int i = 0; i < vulns.size(); i++) {
                JsonNode v = vulns.get(i);
                Finding f = report.findings().get(i);
                assertThat(v.get("id").asText()).isEqualTo(f.id());
                assertThat(v.at("/source/name").asText()).isNotBlank();
                JsonNode component = components.get(v.at("/affects/0/ref").asText());
                assertThat(component).as(f.id()).isNotNull();
                assertThat(component.get("name").asText()).isEqualTo(f.pkg().name());
                assertThat(component.get("version").asText()).isEqualTo(f.pkg().version());
                assertThat(v.at("/affects/0/versions/0/version").asText()).isEqualTo(f.pkg().version());
                assertThat(v.at("/affects/0/versions/0/status").asText()).isEqualTo("affected");
                JsonNode own = last(v.get("ratings"));
                assertThat(own.at("/source/name").asText()).isEqualTo("imagescan");
                assertThat(own.get("severity").asText()).isEqualTo(f.level().label().toLowerCase());
                if (f.severity().cvss() != null) {
                    JsonNode cvss = v.at("/ratings/0");
                    assertThat(cvss.get("score").asDouble()).isEqualTo(f.severity().cvss().baseScore());
                    assertThat(cvss.get("vector").asText()).isEqualTo(f.severity().cvss().vector());
                    assertThat(cvss.get("method").asText()).startsWith("CVSSv");
                }
                if (f.fixable()) {
                    assertThat(v.at("/analysis/state").asText()).isEqualTo("exploitable");
                    assertThat(v.at("/analysis/response/0").asText()).isEqualTo("update");
                    assertThat(v.at("/affects/0/versions/1/version").asText()).isEqualTo(f.fixedVersion());
                    assertThat(v.at("/affects/0/versions/1/status").asText()).isEqualTo("unaffected");
                    assertThat(v.get("recommendation").asText()).contains(f.fixedVersion()).contains(f.command());
                } else {
                    assertThat(v.at("/analysis/state").asText()).isEqualTo("in_triage");
                    assertThat(v.at("/analysis/response/0").asText()).isEqualTo("can_not_fix");
                    assertThat(v.at("/affects/0/versions")).hasSize(1);
                }
            }
        }
    }

    @Test
    void distributionRatingsAreKeptVerbatimWithTheirSource() throws Exception {
        VulnerabilityReport report = SampleReports.of("debian-bookworm-trimmed.oci.tar");
        Finding rated = report.findings().stream().filter(f -> f.severity().rating() != null).findFirst().orElseThrow();
        List<org.cyclonedx.model.vulnerability.Vulnerability.Rating> ratings =
                CycloneDxVexWriter.ratings(rated, "debian");

        assertThat(ratings).anySatisfy(r -> {
            assertThat(r.getSource().getName()).isEqualTo("debian");
            assertThat(r.getJustification()).isEqualTo(rated.severity().rating());
        });
    }

    @Test
    void cvssMethodsAndQualitativeSeverities() {
        assertThat(CycloneDxVexWriter.method("2.0").getMethodName()).isEqualTo("CVSSv2");
        assertThat(CycloneDxVexWriter.method("3.0").getMethodName()).isEqualTo("CVSSv3");
        assertThat(CycloneDxVexWriter.method("3.1").getMethodName()).isEqualTo("CVSSv31");
        assertThat(CycloneDxVexWriter.method("4.0").getMethodName()).isEqualTo("CVSSv4");
        assertThat(CycloneDxVexWriter.cvssSeverity(9.8).getSeverityName()).isEqualTo("critical");
        assertThat(CycloneDxVexWriter.cvssSeverity(7.0).getSeverityName()).isEqualTo("high");
        assertThat(CycloneDxVexWriter.cvssSeverity(6.9).getSeverityName()).isEqualTo("medium");
        assertThat(CycloneDxVexWriter.cvssSeverity(0.1).getSeverityName()).isEqualTo("low");
        assertThat(CycloneDxVexWriter.cvssSeverity(0.0).getSeverityName()).isEqualTo("none");
    }

    @Test
    void theOfficialSchemaRejectsAnUnknownAnalysisState() throws Exception {
        JsonNode bom = JSON.readTree(SampleReports.render(new CycloneDxVexWriter(),
                SampleReports.withHostileSummary(SampleReports.of("alpine-3.9.6.docker.tar.gz"))));
        assertThat(JsonSchemas.cycloneDx15Problems(bom)).isEmpty();
        assertThat(bom.at("/vulnerabilities/0/description").asText()).isEqualTo(SampleReports.HOSTILE_SUMMARY);

        ((ObjectNode) bom.at("/vulnerabilities/0/analysis")).put("state", "fixed");
        assertThat(JsonSchemas.cycloneDx15Problems(bom)).isNotEmpty();
    }

    private static JsonNode last(JsonNode array) {
        return array.get(array.size() - 1);
    }
}
