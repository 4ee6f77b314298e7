package dev.imagescan.suppress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.imagescan.report.Suppression;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** OpenVEX and CycloneDX VEX documents, from the specifications' own examples. */
class VexDocumentsTest {

    /** The example document of the OpenVEX specification v0.2.0 (openvex/spec, OPENVEX-SPEC.md, "Example"). */
    private static final String OPENVEX_SPEC_EXAMPLE = """
            {
              "@context": "https://openvex.dev/ns/v0.2.0",
              "@id": "https://openvex.dev/docs/example/vex-9fb3463de1b57",
              "author": "Wolfi J Inkinson",
              "role": "Document Creator",
              "timestamp": "2023-01-08T18:02:03.647787998-06:00",
              "version": 1,
              "statements": [
                {
                  "vulnerability": {
                    "name": "CVE-2014-123456"
                  },
                  "products": [
                    {"@id": "pkg:apk/distro/git@2.39.0-r1?arch=armv7"},
                    {"@id": "pkg:apk/distro/git@2.39.0-r1?arch=x86_64"}
                  ],
                  "status": "fixed"
                }
              ]
            }
            """;

    /**
     * The CycloneDX VEX example of Trivy's VEX documentation (a {@code not_affected} analysis whose affects ref is a
     * BOM-Link to a purl bom-ref).
     */
    private static final String CYCLONEDX_EXAMPLE = """
            {
              "bomFormat": "CycloneDX",
              "specVersion": "1.5",
              "version": 1,
              "vulnerabilities": [
                {
                  "id": "CVE-2020-8911",
                  "analysis": {
                    "state": "not_affected",
                    "justification": "code_not_reachable",
                    "response": ["will_not_fix", "update"],
                    "detail": "The vulnerable function is not called"
                  },
                  "affects": [
                    {
                      "ref": "urn:cdx:3e671687-395b-41f5-a30f-a58921a69b79/1#pkg:golang/github.com/aws/aws-sdk-go@\
            1.44.234"
                    }
                  ]
                }
              ]
            }
            """;

    private static List<VexStatement> read(String json) throws IOException {
        @SuppressWarnings("unchecked")
        Map<String, Object> doc = (Map<String, Object>) JSON.std.anyFrom(json);
        return VexDocuments.statements(doc, "doc.json", 0);
    }

    @Test
    void readsTheOpenVexSpecExample() throws IOException {
        List<VexStatement> statements = read(OPENVEX_SPEC_EXAMPLE);

        assertThat(statements).hasSize(1);
        VexStatement s = statements.get(0);
        assertThat(s.ids()).containsExactly("CVE-2014-123456");
        assertThat(s.status()).isEqualTo(Suppression.FIXED);
        assertThat(s.suppresses()).isTrue();
        assertThat(s.products()).extracting(VexStatement.Product::purl).containsExactly(
                "pkg:apk/distro/git@2.39.0-r1?arch=armv7", "pkg:apk/distro/git@2.39.0-r1?arch=x86_64");
        assertThat(s.timestamp()).isEqualTo(Instant.parse("2023-01-09T00:02:03.647787998Z"));
        assertThat(s.suppression().kind()).isEqualTo(Suppression.Kind.OPENVEX);
    }

    @Test
    void readsTheCycloneDxExample() throws IOException {
        List<VexStatement> statements = read(CYCLONEDX_EXAMPLE);

        assertThat(statements).hasSize(1);
        VexStatement s = statements.get(0);
        assertThat(s.ids()).containsExactly("CVE-2020-8911");
        assertThat(s.status()).isEqualTo(Suppression.NOT_AFFECTED);
        assertThat(s.suppression().justification()).isEqualTo("code_not_reachable");
        assertThat(s.suppression().statement()).isEqualTo("The vulnerable function is not called");
        assertThat(s.products()).extracting(VexStatement.Product::purl)
                .containsExactly("pkg:golang/github.com/aws/aws-sdk-go@1.44.234");
    }

    @Test
    void cycloneDxStatesMapOntoVexStatuses() throws IOException {
        String doc = """
                {"bomFormat": "CycloneDX", "specVersion": "1.4", "version": 1,
                 "vulnerabilities": [
                  {"id": "CVE-1", "analysis": {"state": "false_positive"}, "affects": [{"ref": "pkg:deb/debian/a"}]},
                  {"id": "CVE-2", "analysis": {"state": "resolved_with_pedigree"}, "affects": [{"ref": "x"}]},
                  {"id": "CVE-3", "analysis": {"state": "in_triage"}, "affects": [{"ref": "x"}]},
                  {"id": "CVE-4", "affects": [{"ref": "x"}]}]}
                """;
        List<VexStatement> statements = read(doc);

        assertThat(statements).extracting(VexStatement::status).containsExactly("not_affected", "fixed",
                "affected");
        assertThat(statements.get(0).suppression().justification()).isEqualTo("false_positive");
    }

    @Test
    void refusesWhatTheSpecificationsForbid() {
        assertThatThrownBy(() -> read(OPENVEX_SPEC_EXAMPLE.replace("\"fixed\"", "\"not_affected\"")))
                .isInstanceOf(SuppressionFormatException.class)
                .hasMessage("doc.json: statements[0]: not_affected needs a justification or an impact_statement");
        assertThatThrownBy(() -> read(OPENVEX_SPEC_EXAMPLE.replace("\"fixed\"", "\"wontfix\"")))
                .hasMessageContaining("statements[0].status: 'wontfix' is not one of");
        assertThatThrownBy(() -> read(CYCLONEDX_EXAMPLE.replace("\"1.5\"", "\"1.3\"")))
                .hasMessage("doc.json: specVersion 1.3: CycloneDX 1.4 to 1.6 are read");
        assertThatThrownBy(() -> read(CYCLONEDX_EXAMPLE.replace("code_not_reachable", "trust_me")))
                .hasMessageContaining("'trust_me' is not a CycloneDX justification");
        assertThatThrownBy(() -> read("{\"statements\": []}"))
                .hasMessageStartingWith("doc.json: neither OpenVEX");
    }
}
