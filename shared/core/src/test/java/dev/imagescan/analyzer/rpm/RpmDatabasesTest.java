package dev.imagescan.analyzer.rpm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(value = 5, unit = TimeUnit.SECONDS)
class RpmDatabasesTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({
        "bdb-libuuid/Packages, bdb",
        "generated/bdb-be-4096/Packages, bdb",
        "ndb-sle15-bci/Packages.db, ndb",
        "sqlite-mariner2/rpmdb.sqlite, sqlite"})
    void recognisesTheFormatByContent(String fixture, String format) throws Exception {
        Path copy = Files.copy(RpmFixtures.resource(fixture), dir.resolve("misleading-name.sqlite"));

        assertThat(RpmDatabases.detect(copy)).isEqualTo(format);
        try (RpmDatabase db = RpmDatabases.open(copy)) {
            assertThat(db.format()).isEqualTo(format);
            assertThat(db.path()).isEqualTo(copy);
        }
    }

    @Test
    void emptyFile() throws Exception {
        Path empty = Files.createFile(dir.resolve("Packages"));

        assertThatThrownBy(() -> RpmDatabaseReader.read(empty)).isInstanceOf(RpmDatabaseException.class)
                .hasMessage(empty + ": not an rpm database (empty file)");
    }

    @Test
    void garbage() throws Exception {
        Path text = Files.writeString(dir.resolve("Packages"), "this is not a database at all\n");

        assertThatThrownBy(() -> RpmDatabases.open(text)).isInstanceOf(RpmDatabaseException.class)
                .hasMessageStartingWith(text + ": not an rpm database (16-byte start 74 68 69 73");
    }

    @Test
    void tinyFile() throws Exception {
        Path tiny = Files.write(dir.resolve("Packages"), new byte[] {1, 2, 3});

        assertThatThrownBy(() -> RpmDatabases.open(tiny)).hasMessageContaining("not an rpm database (3-byte start");
    }

    @Test
    void berkeleyDbBtree() throws Exception {
        byte[] head = new byte[512];
        head[12] = 0x62;
        head[13] = 0x31;
        head[14] = 0x05;
        Path btree = Files.write(dir.resolve("Name"), head);

        assertThatThrownBy(() -> RpmDatabases.open(btree)).hasMessageContaining("not an rpm database (a BerkeleyDB"
                + " btree file");
    }

    @Test
    void directoryAndMissingFile() {
        assertThatThrownBy(() -> RpmDatabases.open(dir)).hasMessage(dir + ": not an rpm database (a directory)");
        Path missing = dir.resolve("nope");
        assertThatThrownBy(() -> RpmDatabaseReader.read(missing)).hasMessage(missing + ": no such file");
    }

    @Test
    void ndbMagicButTooShort() throws Exception {
        Path ndb = Files.write(dir.resolve("Packages.db"), "RpmP".getBytes(StandardCharsets.US_ASCII));

        assertThatThrownBy(() -> RpmDatabases.open(ndb)).hasMessageContaining("file truncated: file header");
    }

    @Test
    void bdbMagicButTooShortForTheMetadataPage() throws Exception {
        byte[] head = new byte[100];
        head[12] = 0x61;
        head[13] = 0x15;
        head[14] = 0x06;
        Path bdb = Files.write(dir.resolve("Packages"), head);

        assertThatThrownBy(() -> RpmDatabases.open(bdb))
                .hasMessage(bdb + ": BerkeleyDB metadata page truncated (100 of 512 bytes)");
    }
}
