package dev.imagescan.analyzer.rpm.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagescan.analyzer.rpm.RpmDatabaseException;
import dev.imagescan.analyzer.rpm.RpmDatabaseReader;
import dev.imagescan.analyzer.rpm.RpmFixtures;
import dev.imagescan.analyzer.rpm.RpmReadResult;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class SqliteRpmDbTest {

    @TempDir
    Path dir;

    private static String[] listing(Path directory) throws Exception {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString()).sorted().toArray(String[]::new);
        }
    }

    @Test
    void walFlaggedDatabaseInAReadOnlyDirectoryCreatesNoFiles() throws Exception {
        Path readOnly = Files.createDirectory(dir.resolve("ro"));
        Path db = RpmFixtures.copy("sqlite-mariner2/rpmdb.sqlite", readOnly);
        byte[] header = Files.readAllBytes(db);
        assertThat(header[18]).as("write version 2 = WAL").isEqualTo((byte) 2);
        Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("r--r--r--"));
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            RpmReadResult result = RpmDatabaseReader.read(db);

            assertThat(result.packages()).hasSize(129);
            assertThat(result.problems()).isEmpty();
            // root ignores directory permissions, so also check that nothing was created
            assertThat(listing(readOnly)).containsExactly("rpmdb.sqlite");
            assertThat(Files.readAllBytes(db)).isEqualTo(header);
        } finally {
            Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void fixtureDirectoryStaysClean() throws Exception {
        Path db = RpmFixtures.resource("sqlite-mariner2/rpmdb.sqlite");
        RpmDatabaseReader.read(db);
        assertThat(listing(db.getParent())).doesNotContain("rpmdb.sqlite-shm", "rpmdb.sqlite-wal");
    }

    @Test
    void pathWithCharactersThatMeanSomethingInUris() throws Exception {
        Path odd = Files.createDirectory(dir.resolve("a dir #1 %20 ?x=y&mode=rw"));
        Path db = RpmFixtures.copy("sqlite-rpmtests-3pkg/rpmdb.sqlite", odd);

        assertThat(RpmDatabaseReader.read(db).packages()).hasSize(3);
        assertThat(listing(odd)).containsExactly("rpmdb.sqlite");
    }

    @Test
    void garbageAfterTheSqliteHeader() throws Exception {
        byte[] bytes = new byte[8192];
        new Random(1).nextBytes(bytes);
        byte[] magic = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(magic, 0, bytes, 0, magic.length);
        Path db = Files.write(dir.resolve("rpmdb.sqlite"), bytes);

        assertThatThrownBy(() -> RpmDatabaseReader.read(db)).isInstanceOf(RpmDatabaseException.class)
                .hasMessageStartingWith(db + ": cannot read as an rpm SQLite database: ");
    }

    @Test
    void notSqliteAtAllOpenedDirectly() throws Exception {
        Path db = Files.writeString(dir.resolve("rpmdb.sqlite"), "x".repeat(5000));

        assertThatThrownBy(() -> SqliteRpmDb.open(db)).isInstanceOf(RpmDatabaseException.class)
                .hasMessageStartingWith(db + ": cannot read as an rpm SQLite database: ")
                .hasMessageContaining("not a database");
    }

    @Test
    void truncatedDatabase() throws Exception {
        Path db = RpmFixtures.copy("sqlite-mariner2/rpmdb.sqlite", dir);
        RpmFixtures.truncate(db, 200_000);

        assertThatThrownBy(() -> RpmDatabaseReader.read(db)).isInstanceOf(RpmDatabaseException.class)
                .hasMessageStartingWith(db.toString()).hasMessageContaining("malformed");
    }

    @Test
    void noPackagesTable() throws Exception {
        Path db = dir.resolve("rpmdb.sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE Other (hnum INTEGER PRIMARY KEY, blob BLOB)");
        }

        assertThatThrownBy(() -> RpmDatabaseReader.read(db)).isInstanceOf(RpmDatabaseException.class)
                .hasMessage(db + ": SQLite database has no Packages table, not an rpm database");
    }

    @Test
    void packagesTableWithoutTheExpectedColumns() throws Exception {
        Path db = dir.resolve("rpmdb.sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE Packages (id INTEGER PRIMARY KEY, data BLOB)");
        }

        assertThatThrownBy(() -> RpmDatabaseReader.read(db)).isInstanceOf(RpmDatabaseException.class)
                .hasMessage(db + ": the Packages table does not have exactly the columns hnum INTEGER PRIMARY KEY and "
                        + "blob BLOB, not an rpm database");
    }

    @Test
    void generatedBlobColumnIsRefusedBeforeAnyRowIsRead() throws Exception {
        Path db = create("CREATE TABLE Packages (hnum INTEGER PRIMARY KEY, "
                + "blob BLOB GENERATED ALWAYS AS (zeroblob(900000000)) VIRTUAL)",
                "INSERT INTO Packages (hnum) VALUES (1)");

        assertThatThrownBy(() -> RpmDatabaseReader.read(db)).isInstanceOf(RpmDatabaseException.class)
                .hasMessage(db + ": column blob of Packages is generated, not an rpm database");
    }

    @Test
    void fortyRowsOfGeneratedQuarterGigabyteBlobsAreRefusedAtOnce() throws Exception {
        Path db = create("CREATE TABLE Packages (hnum INTEGER PRIMARY KEY, "
                + "blob BLOB GENERATED ALWAYS AS (zeroblob(250000000)) VIRTUAL)",
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 40) "
                        + "INSERT INTO Packages (hnum) SELECT i FROM n");
        long start = System.nanoTime();

        assertThatThrownBy(() -> RpmDatabaseReader.read(db)).isInstanceOf(RpmDatabaseException.class)
                .hasMessage(db + ": column blob of Packages is generated, not an rpm database");
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2_000);
    }

    @Test
    void fts5VirtualTableNamedPackagesIsNotQueried() throws Exception {
        Path db = create("CREATE VIRTUAL TABLE Packages USING fts5(hnum, blob)",
                "INSERT INTO Packages (hnum, blob) VALUES ('1', 'x')");

        assertThatThrownBy(() -> RpmDatabaseReader.read(db)).isInstanceOf(RpmDatabaseException.class)
                .hasMessage(db + ": Packages is not a plain table (CREATE VIRTUAL TABLE Packages USING fts5(hnum, "
                        + "blob)), not an rpm database");
    }

    @Test
    void viewNamedPackagesIsNotQueried() throws Exception {
        Path db = create("CREATE VIEW Packages AS SELECT 1 AS hnum, zeroblob(250000000) AS blob");

        assertThatThrownBy(() -> RpmDatabaseReader.read(db)).isInstanceOf(RpmDatabaseException.class)
                .hasMessageStartingWith(db + ": Packages is not a plain table (CREATE VIEW Packages AS SELECT 1 AS");
    }

    @Test
    void blobOverTheHeaderLimitIsRefusedBeforeItIsLoaded() throws Exception {
        Path db = create("CREATE TABLE Packages (hnum INTEGER PRIMARY KEY AUTOINCREMENT, blob BLOB NOT NULL)",
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 40) "
                        + "INSERT INTO Packages (blob) SELECT zeroblob(300000) FROM n");

        try (SqliteRpmDb reader = SqliteRpmDb.open(db, new SqliteRpmDb.Limits(100_000, Duration.ofMinutes(1)))) {
            assertThatThrownBy(reader::nextHeader).isInstanceOf(RpmDatabaseException.class)
                    .hasMessage(db + ": Packages row 1 holds a 300000-byte header, more than the 100000 an rpm header "
                            + "may have");
        }
    }

    @Test
    void aReadOverItsTimeBudgetIsInterrupted() throws Exception {
        Path db = create("CREATE TABLE Packages (hnum INTEGER PRIMARY KEY AUTOINCREMENT, blob BLOB NOT NULL)",
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200000) "
                        + "INSERT INTO Packages (blob) SELECT x'00' FROM n");

        assertThatThrownBy(() -> {
            try (SqliteRpmDb reader = SqliteRpmDb.open(db, new SqliteRpmDb.Limits(1 << 20, Duration.ofMillis(1)))) {
                while (reader.nextHeader().isPresent()) {
                    Thread.onSpinWait();
                }
            }
        }).isInstanceOf(RpmDatabaseException.class)
                .hasMessage(db + ": reading the SQLite database took longer than 1 ms; refusing it");
    }

    @Test
    void committedDatabasesStillRead() throws Exception {
        assertThat(RpmDatabaseReader.read(RpmFixtures.resource("sqlite-mariner2/rpmdb.sqlite")).packages())
                .hasSize(129);
        assertThat(RpmDatabaseReader.read(RpmFixtures.resource("sqlite-rpmtests-3pkg/rpmdb.sqlite")).packages())
                .isNotEmpty();
    }

    private Path create(String... statements) throws Exception {
        Path db = dir.resolve("rpmdb.sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
        return db;
    }

    @Test
    void zeroPackages() throws Exception {
        Path db = RpmFixtures.copy("sqlite-rpmtests-3pkg/rpmdb.sqlite", dir);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement s = c.createStatement()) {
            s.execute("DELETE FROM Packages");
        }

        RpmReadResult result = RpmDatabaseReader.read(db);

        assertThat(result.packages()).isEmpty();
        assertThat(result.problems()).containsExactly(db + ": the sqlite database holds no package headers");
    }

    @Test
    void brokenHeaderRowsAreProblemsAndTheOthersAreReturned() throws Exception {
        Path db = RpmFixtures.copy("sqlite-rpmtests-3pkg/rpmdb.sqlite", dir);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            byte[] blob;
            try (Statement s = c.createStatement();
                 var rows = s.executeQuery("SELECT blob FROM Packages WHERE hnum = 2")) {
                blob = rows.getBytes(1);
            }
            ByteBuffer.wrap(blob).putInt(0, 1_000_000_000);
            try (PreparedStatement update = c.prepareStatement("UPDATE Packages SET blob = ? WHERE hnum = 2")) {
                update.setBytes(1, blob);
                update.executeUpdate();
            }
            try (Statement s = c.createStatement()) {
                s.execute("UPDATE Packages SET blob = x'' WHERE hnum = 3");
            }
        }

        RpmReadResult result = RpmDatabaseReader.read(db);

        assertThat(result.packages()).extracting(p -> p.name()).containsExactly("foo");
        assertThat(result.problems()).satisfiesExactly(
                first -> assertThat(first).startsWith(db + ": header instance 2: header index count 1000000000 needs"
                        + " 16000000000 bytes of index entries but the blob has only"),
                second -> assertThat(second).isEqualTo(db + ": header instance 3: header blob is 0 bytes, shorter"
                        + " than the 8-byte index count + data length preamble"));
    }

    @Test
    void readsTheSameBlobsAsAPlainConnection() throws Exception {
        Path source = RpmFixtures.resource("sqlite-rpmtests-3pkg/rpmdb.sqlite");
        try (SqliteRpmDb db = SqliteRpmDb.open(source);
             Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + source + "?mode=ro&immutable=1");
             Statement s = c.createStatement();
             var rows = s.executeQuery("SELECT hnum, blob FROM Packages ORDER BY hnum")) {
            while (rows.next()) {
                var header = db.nextHeader().orElseThrow();
                assertThat(header.instance()).isEqualTo(rows.getInt(1));
                assertThat(Arrays.equals(header.blob(), rows.getBytes(2))).isTrue();
            }
            assertThat(db.nextHeader()).isEmpty();
        }
    }
}
