package dev.imagescan.analyzer.rpm.ndb.fuzz;

import static java.util.concurrent.TimeUnit.SECONDS;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.imagescan.analyzer.rpm.fuzz.RpmDatabaseFuzzing;
import dev.imagescan.analyzer.rpm.ndb.Ndb;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the NDB Packages.db reader: the file opened with {@link Ndb#open} and every header read
 * and parsed. A broken database is an {@link dev.imagescan.analyzer.rpm.RpmDatabaseException};
 * any other exception, a hang or an OutOfMemoryError is a finding.
 */
class NdbFuzzTest {

    static {
        // loads and instruments the classes the target runs before the fuzzer times its first input
        RpmDatabaseFuzzing.readAll(new byte[4096], Ndb::open);
    }

    @FuzzTest
    @Timeout(value = 10, unit = SECONDS)
    void packagesDb(byte[] data) {
        RpmDatabaseFuzzing.readAll(data, Ndb::open);
    }
}
