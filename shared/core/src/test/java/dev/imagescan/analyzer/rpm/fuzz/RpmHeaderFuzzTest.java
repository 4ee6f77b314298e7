package dev.imagescan.analyzer.rpm.fuzz;

import static java.util.concurrent.TimeUnit.SECONDS;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.imagescan.analyzer.rpm.RpmDatabaseException;
import dev.imagescan.analyzer.rpm.RpmHeaderParser;
import dev.imagescan.analyzer.rpm.RpmPackageInfo;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the rpm header parser on one header blob, as every database backend hands it over. A malformed header is
 * an {@link RpmDatabaseException} (the reader turns it into a problem line); anything else is a finding.
 */
class RpmHeaderFuzzTest {

    static {
        // loads and instruments the classes the target runs before the fuzzer times its first input
        new RpmHeaderFuzzTest().headerBlob(new byte[64]);
    }

    @FuzzTest
    @Timeout(value = 10, unit = SECONDS)
    void headerBlob(byte[] blob) {
        try {
            RpmPackageInfo info = RpmHeaderParser.parse(blob, 1);
            info.nevra();
            info.source();
        } catch (RpmDatabaseException expected) {
            // a malformed header, reported as such
        }
    }
}
