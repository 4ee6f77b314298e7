package dev.imagescan.analyzer.rpm.ndb;

import static dev.imagescan.analyzer.rpm.RpmFixtures.readInt;
import static dev.imagescan.analyzer.rpm.RpmFixtures.truncate;
import static dev.imagescan.analyzer.rpm.RpmFixtures.writeInt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagescan.analyzer.rpm.RpmDatabaseException;
import dev.imagescan.analyzer.rpm.RpmDatabaseReader;
import dev.imagescan.analyzer.rpm.RpmFixtures;
import dev.imagescan.analyzer.rpm.RpmReadResult;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Broken NDB files made from a copy of ndb-sle15-bci (1374144 bytes = 85884 blocks, 1 slot page). Slot 2 (the first
 * after the file header, at byte 32) holds package index 1 at block 256, 260 blocks long; its blob head at byte 4096
 * says "BlbS", index 1, generation 1, 4128 bytes.
 */
@Timeout(value = 5, unit = TimeUnit.SECONDS)
class NdbCorruptionTest {

    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final long SLOT2 = 32;
    private static final long BLOB1 = 256L * 16;

    @TempDir
    Path dir;
    Path ndb;

    @BeforeEach
    void copyFixture() {
        ndb = RpmFixtures.copy("ndb-sle15-bci/Packages.db", dir);
        assertThat(readInt(ndb, SLOT2 + 4, LE)).isEqualTo(1);
        assertThat(readInt(ndb, SLOT2 + 8, LE)).isEqualTo(256);
        assertThat(readInt(ndb, BLOB1 + 12, LE)).isEqualTo(4128);
    }

    private AbstractThrowableAssert<?, ? extends Throwable> assertReadFails() {
        return assertThatThrownBy(() -> RpmDatabaseReader.read(ndb)).isInstanceOf(RpmDatabaseException.class)
                .hasMessageStartingWith(ndb.toString());
    }

    @Test
    void slotPointingPastTheEnd() {
        writeInt(ndb, SLOT2 + 8, 0x0fffffff, LE);
        assertReadFails().hasMessageEndingWith("NDB slot 2 (package index 1) points past the end of the file: blocks"
                + " 268435455..268435715 but the file has 85884 blocks of 16 bytes");
    }

    @Test
    void slotBlockCountPastTheEnd() {
        writeInt(ndb, SLOT2 + 12, 0xffffffffL, LE);
        assertReadFails().hasMessageContaining("NDB slot 2 (package index 1) points past the end of the file");
    }

    @Test
    void truncatedFile() {
        truncate(ndb, 600_000);
        assertReadFails().hasMessageContaining("points past the end of the file");
    }

    @Test
    void truncatedInsideTheSlotPage() {
        truncate(ndb, 1000);
        assertReadFails().hasMessageContaining("NDB header claims 1 slot pages (4096 bytes) but the file has 1000"
                + " bytes");
    }

    @Test
    void lyingSlotPageCount() {
        writeInt(ndb, 12, 1_000_000, LE);
        assertReadFails().hasMessageContaining("NDB header claims 1000000 slot pages (4096000000 bytes) but the file"
                + " has 1374144 bytes");
        writeInt(ndb, 12, 0, LE);
        assertReadFails().hasMessageContaining("NDB header claims 0 slot pages");
    }

    @Test
    void unsupportedVersion() {
        writeInt(ndb, 4, 3, LE);
        assertReadFails().hasMessageContaining("unsupported NDB version 3");
    }

    @Test
    void badSlotMagic() {
        writeInt(ndb, 16 * 7, 0x12345678, LE);
        assertReadFails().hasMessageContaining("NDB slot 7 has a bad magic");
    }

    @Test
    void usedSlotWithoutPackageIndex() {
        writeInt(ndb, SLOT2 + 4, 0, LE);
        assertReadFails().hasMessageContaining("NDB slot 2 is invalid (package index 0, block offset 256");
    }

    @Test
    void slotPointingIntoTheSlotPages() {
        writeInt(ndb, SLOT2 + 8, 10, LE);
        assertReadFails().hasMessageContaining("blobs start at block 256");
    }

    @Test
    void badBlobMagic() {
        writeInt(ndb, BLOB1, 0, LE);
        assertReadFails().hasMessageContaining("NDB blob of package index 1 (slot 2, block 256) has a bad blob magic");
    }

    @Test
    void blobOfAnotherPackage() {
        writeInt(ndb, BLOB1 + 4, 99, LE);
        assertReadFails().hasMessageContaining("NDB blob of package index 1 (slot 2, block 256) belongs to package"
                + " index 99");
    }

    @Test
    void lyingBlobLength() {
        writeInt(ndb, BLOB1 + 12, 0xfffffff0L, LE);
        assertReadFails().hasMessageContaining("claims 4294967280 bytes, which does not fit the slot's 260 blocks");
    }

    @Test
    void badBlobTail() {
        writeInt(ndb, BLOB1 + 260 * 16 - 4, 0, LE);
        assertReadFails().hasMessageContaining("has a bad tail (length or magic mismatch)");
    }

    @Test
    void zeroPackages() throws Exception {
        for (long slot = 2; slot < 256; slot++) {
            writeInt(ndb, slot * 16 + 8, 0, LE);
        }

        RpmReadResult result = RpmDatabaseReader.read(ndb);

        assertThat(result.packages()).isEmpty();
        assertThat(result.problems()).containsExactly(ndb + ": the ndb database holds no package headers");
    }

    @Test
    void oneHeaderWithALyingIndexCountLeavesTheOthers() throws Exception {
        writeInt(ndb, BLOB1 + 16, 1_000_000_000, ByteOrder.BIG_ENDIAN);

        RpmReadResult result = RpmDatabaseReader.read(ndb);

        assertThat(result.packages()).hasSize(34);
        assertThat(result.problems()).containsExactly(ndb + ": header instance 1: header index count 1000000000 needs"
                + " 16000000000 bytes of index entries but the blob has only 4120 bytes after the preamble");
    }

    @Test
    void oneHeaderWithALyingDataLength() throws Exception {
        writeInt(ndb, BLOB1 + 16 + 4, 5000, ByteOrder.BIG_ENDIAN);

        RpmReadResult result = RpmDatabaseReader.read(ndb);

        assertThat(result.packages()).hasSize(34);
        assertThat(result.problems()).singleElement().asString()
                .contains("header instance 1: header data length 5000 exceeds the");
    }
}
