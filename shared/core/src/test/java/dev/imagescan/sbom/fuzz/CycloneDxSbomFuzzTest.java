package dev.imagescan.sbom.fuzz;

import static java.util.concurrent.TimeUnit.SECONDS;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.imagescan.sbom.CycloneDxSbomReader;
import dev.imagescan.sbom.SbomFormatException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the CycloneDX SBOM input: a document read into an inventory as {@code imagescan scan --sbom} reads it. A
 * document that cannot be used is an {@link SbomFormatException}; anything else is a finding.
 */
class CycloneDxSbomFuzzTest {

    static {
        // loads and instruments the classes the target runs before the fuzzer times its first input
        new CycloneDxSbomFuzzTest().sbomDocument(
                "{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"1.5\"}".getBytes(StandardCharsets.UTF_8));
    }

    @FuzzTest
    @Timeout(value = 10, unit = SECONDS)
    void sbomDocument(byte[] json) {
        try {
            CycloneDxSbomReader.read(new ByteArrayInputStream(json), "fuzz.cdx.json");
        } catch (SbomFormatException expected) {
            // refused with a one-line reason
        }
    }
}
