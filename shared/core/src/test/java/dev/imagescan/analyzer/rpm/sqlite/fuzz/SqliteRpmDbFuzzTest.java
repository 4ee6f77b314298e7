package dev.imagescan.analyzer.rpm.sqlite.fuzz;

import static java.util.concurrent.TimeUnit.SECONDS;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.imagescan.analyzer.rpm.fuzz.RpmDatabaseFuzzing;
import dev.imagescan.analyzer.rpm.sqlite.SqliteRpmDb;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the SQLite rpmdb.sqlite reader: the file opened with {@link SqliteRpmDb#open} and every header read
 * and parsed. A broken database is an {@link dev.imagescan.analyzer.rpm.RpmDatabaseException};
 * any other exception, a hang or an OutOfMemoryError is a finding.
 */
class SqliteRpmDbFuzzTest {

    static {
        // loads and instruments the classes the target runs before the fuzzer times its first input
        RpmDatabaseFuzzing.readAll(new byte[4096], SqliteRpmDb::open);
    }

    @FuzzTest
    @Timeout(value = 10, unit = SECONDS)
    void rpmdbSqlite(byte[] data) {
        RpmDatabaseFuzzing.readAll(data, SqliteRpmDb::open);
    }
}
