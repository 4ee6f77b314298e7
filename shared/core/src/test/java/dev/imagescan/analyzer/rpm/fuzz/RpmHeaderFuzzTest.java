package dev.imagescan.analyzer.rpm.fuzz;

import static java.util.concurrent.TimeUnit.SECONDS;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.imagescan.analyzer.rpm.RpmDatabaseException;
import dev.imagescan.analyzer.rpm.RpmHeaderParser;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the rpm header parser on one header blob, as every database backend hands it over. A malformed header is
 * an {@link RpmDatabaseException} (the reader turns it into a problem line); anything else is a finding.
 */
class RpmHeaderFuzzTest {

    @FuzzTest
    @Timeout(value = 10, unit = SECONDS)
    void headerBlob(byte[] blob) {
        try {
            RpmHeaderParser.parse(blob, 1).nevra();
        } catch (RpmDatabaseException expected) {
            // a malformed header, reported as such
        }
    }
}
