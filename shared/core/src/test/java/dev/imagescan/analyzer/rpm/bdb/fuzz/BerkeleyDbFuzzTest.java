package dev.imagescan.analyzer.rpm.bdb.fuzz;

import static java.util.concurrent.TimeUnit.SECONDS;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.imagescan.analyzer.rpm.bdb.BerkeleyDb;
import dev.imagescan.analyzer.rpm.fuzz.RpmDatabaseFuzzing;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the BerkeleyDB hash Packages reader: the file opened with {@link BerkeleyDb#open} and every header read
 * and parsed. A broken database is an {@link dev.imagescan.analyzer.rpm.RpmDatabaseException};
 * any other exception, a hang or an OutOfMemoryError is a finding.
 */
class BerkeleyDbFuzzTest {

    static {
        // loads and instruments the classes the target runs before the fuzzer times its first input
        RpmDatabaseFuzzing.readAll(new byte[4096], BerkeleyDb::open);
    }

    @FuzzTest
    @Timeout(value = 10, unit = SECONDS)
    void packagesFile(byte[] data) {
        RpmDatabaseFuzzing.readAll(data, BerkeleyDb::open);
    }
}
