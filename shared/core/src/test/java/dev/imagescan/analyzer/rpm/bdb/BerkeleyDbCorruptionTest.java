package dev.imagescan.analyzer.rpm.bdb;

import static dev.imagescan.analyzer.rpm.RpmFixtures.readInt;
import static dev.imagescan.analyzer.rpm.RpmFixtures.truncate;
import static dev.imagescan.analyzer.rpm.RpmFixtures.writeInt;
import static dev.imagescan.analyzer.rpm.RpmFixtures.writeShort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagescan.analyzer.rpm.RpmDatabaseException;
import dev.imagescan.analyzer.rpm.RpmDatabaseReader;
import dev.imagescan.analyzer.rpm.RpmFixtures;
import dev.imagescan.analyzer.rpm.RpmReadResult;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Broken BerkeleyDB files made by corrupting copies of real ones. bdb-libuuid layout (LE, 4096-byte pages,
 * last page 22): page 1 = bucket 0 with key 0 (the instance counter), page 2 = bucket 1 with key 1 whose value is
 * an overflow reference (item at page offset 4079) to the chain 3 -> 4 -> ... -> 22 holding 80880 bytes.
 */
@Timeout(value = 5, unit = TimeUnit.SECONDS)
class BerkeleyDbCorruptionTest {

    private static final int PAGE = 4096;
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final long OFFPAGE_ITEM = 2L * PAGE + 4079;
    private static final long OFFPAGE_PGNO = OFFPAGE_ITEM + 4;
    private static final long OFFPAGE_LENGTH = OFFPAGE_ITEM + 8;
    private static final long FIRST_BLOB_BYTE = 3L * PAGE + 26;

    @TempDir
    Path dir;
    Path libuuid;

    @BeforeEach
    void copyFixture() {
        libuuid = RpmFixtures.copy("bdb-libuuid/Packages", dir);
        assertThat(readInt(libuuid, OFFPAGE_PGNO, LE)).isEqualTo(3);
        assertThat(readInt(libuuid, OFFPAGE_LENGTH, LE)).isEqualTo(80880);
    }

    private AbstractThrowableAssert<?, ? extends Throwable> assertReadFails(Path file) {
        return assertThatThrownBy(() -> RpmDatabaseReader.read(file)).isInstanceOf(RpmDatabaseException.class)
                .hasMessageStartingWith(file.toString());
    }

    @Test
    void zeroPageSize() {
        writeInt(libuuid, 20, 0, LE);
        assertReadFails(libuuid).hasMessageEndingWith("invalid BerkeleyDB page size 0 (must be a power of two from"
                + " 512 to 65536)");
    }

    @Test
    void pageSizeNotAPowerOfTwo() {
        writeInt(libuuid, 20, 1000, LE);
        assertReadFails(libuuid).hasMessageContaining("invalid BerkeleyDB page size 1000");
    }

    @Test
    void unsupportedVersionAndEncryption() {
        writeInt(libuuid, 16, 7, LE);
        assertReadFails(libuuid).hasMessageContaining("unsupported BerkeleyDB hash version 7");
        writeInt(libuuid, 16, 9, LE);
        RpmFixtures.write(libuuid, 24, new byte[] {1});
        assertReadFails(libuuid).hasMessageContaining("encrypted BerkeleyDB databases are not supported");
    }

    @Test
    void truncatedFile() {
        truncate(libuuid, 10L * PAGE + 100);
        assertReadFails(libuuid).hasMessageContaining("file truncated: the metadata says the last page is 22"
                + " (94208 bytes with 4096-byte pages) but the file has 41060 bytes");
    }

    @Test
    void lastPageBeyondTheFile() {
        writeInt(libuuid, 32, 1_000_000, LE);
        assertReadFails(libuuid).hasMessageContaining("file truncated: the metadata says the last page is 1000000");
    }

    @Test
    void moreBucketsThanPages() {
        writeInt(libuuid, 72, 500, LE);
        assertReadFails(libuuid).hasMessageContaining("hash metadata says 501 buckets but the database has only 22"
                + " pages");
    }

    @Test
    void overflowPageNumberPastTheEnd() {
        writeInt(libuuid, OFFPAGE_PGNO, 9999, LE);
        assertReadFails(libuuid).hasMessageContaining("overflow chain of header instance 1 (hash page 2 item 1)"
                + " refers to page 9999, outside the database's pages 1..22");
    }

    @Test
    void overflowPageNumberZero() {
        writeInt(libuuid, OFFPAGE_PGNO, 0, LE);
        assertReadFails(libuuid).hasMessageContaining("overflow chain of header instance 1 (hash page 2 item 1) ends"
                + " after 0 of 80880 bytes");
    }

    @Test
    void cycleInTheOverflowChain() {
        writeInt(libuuid, 10L * PAGE + 16, 5, LE); // page 10's next_pgno -> page 5
        assertReadFails(libuuid).hasMessageContaining("overflow chain of header instance 1 (hash page 2 item 1) has a"
                + " cycle: page 5 is reached twice");
    }

    @Test
    void selfLoopInTheOverflowChain() {
        writeInt(libuuid, 21L * PAGE + 16, 21, LE);
        assertReadFails(libuuid).hasMessageContaining("has a cycle: page 21 is reached twice");
    }

    @Test
    void overflowLengthBeyondTheFile() {
        writeInt(libuuid, OFFPAGE_LENGTH, 0xffffffffL, LE);
        assertReadFails(libuuid).hasMessageContaining("header instance 1 (hash page 2 item 1) claims an overflow"
                + " length of 4294967295 bytes, more than the 94208-byte file");
        writeInt(libuuid, OFFPAGE_LENGTH, 94209, LE);
        assertReadFails(libuuid).hasMessageContaining("claims an overflow length of 94209 bytes");
    }

    @Test
    void overflowLengthShorterThanTheChain() {
        writeInt(libuuid, OFFPAGE_LENGTH, 80000, LE);
        assertReadFails(libuuid).hasMessageContaining("overflow chain of header instance 1 (hash page 2 item 1) holds"
                + " more than the declared 80000 bytes (page 22)");
    }

    @Test
    void overflowChainEndsEarly() {
        writeInt(libuuid, OFFPAGE_LENGTH, 81000, LE);
        assertReadFails(libuuid).hasMessageContaining("ends after 80880 of 81000 bytes");
    }

    @Test
    void overflowChainReachesAHashPage() {
        writeInt(libuuid, 6L * PAGE + 16, 1, LE);
        assertReadFails(libuuid).hasMessageContaining("reaches page 1 of type 13, expected an overflow page (7)");
    }

    @Test
    void overflowPageClaimsMoreThanAPage() {
        writeShort(libuuid, 7L * PAGE + 22, 5000, LE);
        assertReadFails(libuuid).hasMessageContaining("overflow page 7 claims 5000 bytes of data, more than a"
                + " 4096-byte page holds");
    }

    @Test
    void pageWithTheWrongPageNumber() {
        writeInt(libuuid, 5L * PAGE + 8, 77, LE);
        assertReadFails(libuuid).hasMessageContaining("page 5 (overflow chain of header instance 1 (hash page 2 item"
                + " 1)) is corrupt: its header says page 77");
    }

    @Test
    void cycleInTheBucketPageChain() {
        writeInt(libuuid, 2L * PAGE + 16, 1, LE); // bucket 1's page points back at bucket 0's page
        assertReadFails(libuuid).hasMessageContaining("hash bucket 1 (page chain after page 2) reaches page 1 a second"
                + " time (cycle in the hash page chains)");
    }

    @Test
    void bucketPageChainReachesAnOverflowPage() {
        writeInt(libuuid, 1L * PAGE + 16, 3, LE);
        assertReadFails(libuuid).hasMessageContaining("is page 3 of type 7, expected a hash page");
    }

    @Test
    void lyingItemCount() {
        writeShort(libuuid, 2L * PAGE + 20, 60000, LE);
        assertReadFails(libuuid).hasMessageContaining("hash page 2 claims 60000 items, more than the page can index");
        writeShort(libuuid, 2L * PAGE + 20, 3, LE);
        assertReadFails(libuuid).hasMessageContaining("hash page 2 claims 3 items, not key/data pairs");
    }

    @Test
    void itemOffsetOutsideThePage() {
        writeShort(libuuid, 2L * PAGE + 28, 10, LE); // the data item's offset points into the page header
        assertReadFails(libuuid).hasMessageContaining("hash page 2 item 0 has inconsistent offsets (key 4091..4096,"
                + " data from 10, index ends at 30)");
    }

    @Test
    void zeroPackages() throws Exception {
        writeShort(libuuid, 1L * PAGE + 20, 0, LE);
        writeShort(libuuid, 2L * PAGE + 20, 0, LE);

        RpmReadResult result = RpmDatabaseReader.read(libuuid);

        assertThat(result.packages()).isEmpty();
        assertThat(result.problems()).containsExactly(libuuid + ": the bdb database holds no package headers");
    }

    @Test
    void onlyTheCounterRecord() throws Exception {
        writeShort(libuuid, 2L * PAGE + 20, 0, LE);

        RpmReadResult result = RpmDatabaseReader.read(libuuid);

        assertThat(result.packages()).isEmpty();
        assertThat(result.problems()).containsExactly(libuuid + ": the bdb database holds no package headers");
    }

    @Test
    void headerWithALyingIndexCountIsAProblemNotAFailure() throws Exception {
        writeInt(libuuid, FIRST_BLOB_BYTE, 1_000_000_000, ByteOrder.BIG_ENDIAN);

        RpmReadResult result = RpmDatabaseReader.read(libuuid);

        assertThat(result.packages()).isEmpty();
        assertThat(result.problems()).singleElement().asString()
                .startsWith(libuuid + ": header instance 1: header index count 1000000000 needs 16000000000 bytes");
    }

    @Test
    void headerWithALyingDataLength() throws Exception {
        writeInt(libuuid, FIRST_BLOB_BYTE + 4, 1_000_000_000, ByteOrder.BIG_ENDIAN);

        RpmReadResult result = RpmDatabaseReader.read(libuuid);

        assertThat(result.problems()).singleElement().asString()
                .contains("header instance 1: header data length 1000000000 exceeds the");
    }

    @Test
    void oneBrokenHeaderAmongManyLeavesTheOthers() throws Exception {
        Path db = RpmFixtures.copy("generated/bdb-le-512/Packages", Files.createDirectory(dir.resolve("le-512")));
        BdbTestPages pages = new BdbTestPages(db);
        BdbTestPages.OffPage victim = pages.offPageItems().get(3);
        writeInt(db, pages.pagePosition(victim.firstPgno()) + 26, 70_000, ByteOrder.BIG_ENDIAN);

        RpmReadResult result = RpmDatabaseReader.read(db);

        assertThat(result.packages()).hasSize(9);
        assertThat(result.problems()).singleElement().asString().contains("header index count 70000");
    }

    @Test
    void longOverflowChainWithACycle() {
        Path db = RpmFixtures.copy("generated/bdb-le-512/Packages", dir);
        BdbTestPages pages = new BdbTestPages(db);
        BdbTestPages.OffPage longest = pages.longest();
        List<Long> chain = pages.chain(longest.firstPgno());
        assertThat(chain).hasSizeGreaterThan(400);
        long last = chain.get(chain.size() - 2);
        writeInt(db, pages.pagePosition(last) + 16, chain.get(0), LE);

        assertReadFails(db).hasMessageContaining("has a cycle: page " + chain.get(0) + " is reached twice");
    }

    @Test
    void bigEndianOverflowPageNumberPastTheEnd() {
        Path db = RpmFixtures.copy("generated/bdb-be-4096/Packages", dir);
        BdbTestPages pages = new BdbTestPages(db);
        assertThat(pages.order).isEqualTo(ByteOrder.BIG_ENDIAN);
        BdbTestPages.OffPage first = pages.offPageItems().get(0);
        writeInt(db, first.pgnoPosition(), 123_456, ByteOrder.BIG_ENDIAN);

        assertReadFails(db).hasMessageContaining("refers to page 123456, outside the database's pages 1.."
                + pages.lastPgno);
    }

    @Test
    void bigEndianCycle() {
        Path db = RpmFixtures.copy("generated/bdb-be-512/Packages", dir);
        BdbTestPages pages = new BdbTestPages(db);
        List<Long> chain = pages.chain(pages.longest().firstPgno());
        writeInt(db, pages.pagePosition(chain.get(chain.size() / 2)) + 16, chain.get(1), ByteOrder.BIG_ENDIAN);

        assertReadFails(db).hasMessageContaining("has a cycle: page " + chain.get(1) + " is reached twice");
    }

    @Test
    void checksummedPagesWithALyingOverflowLength() {
        Path db = RpmFixtures.copy("generated/bdb-libuuid-chksum/Packages", dir);
        BdbTestPages pages = new BdbTestPages(db);
        assertThat(pages.dataOffset).isEqualTo(32);
        writeInt(db, pages.offPageItems().get(0).lengthPosition(), 80000, LE);

        assertReadFails(db).hasMessageContaining("holds more than the declared 80000 bytes");
    }
}
