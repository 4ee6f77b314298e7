package dev.imagescan.functions.harbor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The schema check the other tests rely on finds what is wrong: it is not a check that cannot fail. */
class HarborSpecTest {
    @Test
    void theComponentSchemasRefuseWhatTheSpecRefuses() {
        assertThat(HarborSpec.problems("ScannerAdapterMetadata", "{\"scanner\":{\"name\":\"x\"},"
                + "\"capabilities\":[]}")).isEmpty();
        assertThat(HarborSpec.problems("ScannerAdapterMetadata", "{\"scanner\":{\"name\":\"x\"}}"))
                .as("capabilities required").isNotEmpty();
        assertThat(HarborSpec.problems("ScannerAdapterMetadata", "{\"scanner\":{\"name\":\"x\"},"
                + "\"capabilities\":[{\"type\":\"malware\",\"consumes_mime_types\":[],\"produces_mime_types\":[]}]}"))
                .as("capability type enum, through $ref").isNotEmpty();
        assertThat(HarborSpec.problems("HarborVulnerabilityReport", "{\"severity\":\"Severe\"}")).isNotEmpty();
        assertThat(HarborSpec.problems("HarborVulnerabilityReport",
                "{\"vulnerabilities\":[{\"id\":\"CVE-1\",\"fix_version\":null}]}")).as("null is no string")
                .isNotEmpty();
        assertThat(HarborSpec.problems("HarborVulnerabilityReport",
                "{\"vulnerabilities\":[{\"preferred_cvss\":{\"score_v3\":\"9.8\"}}]}")).isNotEmpty();
        assertThat(HarborSpec.problems("ErrorResponse", "{\"error\":\"not found\"}")).isNotEmpty();
        assertThat(HarborSpec.problems("ScanResponse", "{}")).isNotEmpty();
    }
}
