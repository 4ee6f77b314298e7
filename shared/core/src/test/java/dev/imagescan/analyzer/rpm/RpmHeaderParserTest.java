package dev.imagescan.analyzer.rpm;

import static dev.imagescan.analyzer.rpm.RpmHeaderParser.TAG_ARCH;
import static dev.imagescan.analyzer.rpm.RpmHeaderParser.TAG_EPOCH;
import static dev.imagescan.analyzer.rpm.RpmHeaderParser.TAG_MODULARITYLABEL;
import static dev.imagescan.analyzer.rpm.RpmHeaderParser.TAG_NAME;
import static dev.imagescan.analyzer.rpm.RpmHeaderParser.TAG_RELEASE;
import static dev.imagescan.analyzer.rpm.RpmHeaderParser.TAG_SOURCERPM;
import static dev.imagescan.analyzer.rpm.RpmHeaderParser.TAG_VENDOR;
import static dev.imagescan.analyzer.rpm.RpmHeaderParser.TAG_VERSION;
import static dev.imagescan.analyzer.rpm.RpmHeaderParser.TYPE_I18NSTRING;
import static dev.imagescan.analyzer.rpm.RpmHeaderParser.TYPE_INT32;
import static dev.imagescan.analyzer.rpm.RpmHeaderParser.TYPE_STRING;
import static dev.imagescan.analyzer.rpm.RpmHeaderParser.TYPE_STRING_ARRAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagescan.analyzer.rpm.sqlite.SqliteRpmDb;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 5, unit = TimeUnit.SECONDS)
class RpmHeaderParserTest {

    @Test
    void readsAllIdentityTags() throws Exception {
        byte[] blob = new HeaderBlobBuilder()
                .nevr("nodejs", "10.21.0", "3.module_el8.2.0+391+8da3adc6")
                .int32(TAG_EPOCH, 1)
                .string(TAG_ARCH, "x86_64")
                .string(TAG_SOURCERPM, "nodejs-10.21.0-3.module_el8.2.0+391+8da3adc6.src.rpm")
                .string(TAG_VENDOR, "Red Hat, Inc.")
                .string(TAG_MODULARITYLABEL, "nodejs:10:8020020200707141642:6a468ee4")
                .build();

        assertThat(RpmHeaderParser.parse(blob, 7)).isEqualTo(new RpmPackageInfo("nodejs", 1L, "10.21.0",
                "3.module_el8.2.0+391+8da3adc6", "x86_64", "nodejs-10.21.0-3.module_el8.2.0+391+8da3adc6.src.rpm",
                "Red Hat, Inc.", "nodejs:10:8020020200707141642:6a468ee4", 7));
    }

    @Test
    void absentTagsAreNullAndEmptyVendorIsNull() throws Exception {
        byte[] blob = new HeaderBlobBuilder().nevr("gpg-pubkey", "1964c5fc", "58e63918")
                .string(TAG_SOURCERPM, "(none)").string(TAG_VENDOR, "").build();

        RpmPackageInfo info = RpmHeaderParser.parse(blob, null);

        assertThat(info.epoch()).isNull();
        assertThat(info.arch()).isNull();
        assertThat(info.vendor()).isNull();
        assertThat(info.modularityLabel()).isNull();
        assertThat(info.instance()).isNull();
        assertThat(info.sourceRpm()).isEqualTo("(none)");
        assertThat(info.source()).isEmpty();
    }

    @Test
    void takesTheFirstStringOfI18nAndArrayTypes() throws Exception {
        byte[] blob = new HeaderBlobBuilder().nevr("foo", "1", "1")
                .strings(TAG_VENDOR, TYPE_I18NSTRING, "Vendor C", "Vendeur fr")
                .strings(TAG_ARCH, TYPE_STRING_ARRAY, "noarch", "x86_64").build();

        RpmPackageInfo info = RpmHeaderParser.parse(blob, 1);

        assertThat(info.vendor()).isEqualTo("Vendor C");
        assertThat(info.arch()).isEqualTo("noarch");
    }

    @Test
    void epochIsUnsigned() throws Exception {
        byte[] blob = new HeaderBlobBuilder().nevr("foo", "1", "1").int32(TAG_EPOCH, -1).build();
        assertThat(RpmHeaderParser.parse(blob, 1).epoch()).isEqualTo(4294967295L);
    }

    @Test
    void lyingIndexCount() {
        byte[] blob = new HeaderBlobBuilder().nevr("foo", "1", "1").build();
        ByteBuffer.wrap(blob).putInt(0, 1_000_000_000);

        assertThatThrownBy(() -> RpmHeaderParser.parse(blob, 1)).isInstanceOf(RpmDatabaseException.class)
                .hasMessageContaining("index count 1000000000 needs 16000000000 bytes");
    }

    @Test
    void indexCountOneTooMany() {
        byte[] blob = new HeaderBlobBuilder().nevr("foo", "1", "1").build();
        ByteBuffer.wrap(blob).putInt(0, 4);

        assertThatThrownBy(() -> RpmHeaderParser.parse(blob, 1)).isInstanceOf(RpmDatabaseException.class)
                .hasMessageContaining("header index count 4 needs 64 bytes of index entries but the blob has only 56");
    }

    @Test
    void indexCountOneTooFew() {
        byte[] blob = new HeaderBlobBuilder().nevr("foo", "1", "1").build();
        ByteBuffer.wrap(blob).putInt(0, 2);

        assertThatThrownBy(() -> RpmHeaderParser.parse(blob, 1)).isInstanceOf(RpmDatabaseException.class)
                .hasMessageContaining("header blob is 64 bytes but 8 + 16 * 2 index entries + 8 data bytes = 48");
    }

    @Test
    void zeroIndexCount() {
        byte[] blob = new HeaderBlobBuilder().nevr("foo", "1", "1").build();
        ByteBuffer.wrap(blob).putInt(0, 0);

        assertThatThrownBy(() -> RpmHeaderParser.parse(blob, 1)).hasMessage("header index count is 0");
    }

    @Test
    void lyingDataLength() {
        byte[] blob = new HeaderBlobBuilder().nevr("foo", "1", "1").build();
        ByteBuffer.wrap(blob).putInt(4, -1);

        assertThatThrownBy(() -> RpmHeaderParser.parse(blob, 1)).isInstanceOf(RpmDatabaseException.class)
                .hasMessageContaining("header data length 4294967295 exceeds the");
    }

    @Test
    void dataLengthShorterThanTheBlob() {
        HeaderBlobBuilder builder = new HeaderBlobBuilder().nevr("foo", "1", "1");
        byte[] blob = builder.build();
        ByteBuffer.wrap(blob).putInt(4, builder.dataSize() - 2);

        assertThatThrownBy(() -> RpmHeaderParser.parse(blob, 1)).isInstanceOf(RpmDatabaseException.class)
                .hasMessageContaining("header blob is " + blob.length + " bytes but 8 + 16 * 3 index entries");
    }

    @Test
    void tooShortForThePreamble() {
        assertThatThrownBy(() -> RpmHeaderParser.parse(new byte[5], 1))
                .hasMessageContaining("header blob is 5 bytes, shorter than the 8-byte");
        assertThatThrownBy(() -> RpmHeaderParser.parse(null, 1))
                .hasMessageContaining("header blob is 0 bytes");
    }

    @Test
    void offsetPastTheDataStore() {
        HeaderBlobBuilder builder = new HeaderBlobBuilder().nevr("foo", "1", "1");
        builder.entry(TAG_ARCH, TYPE_STRING, 1000, 1);

        assertThatThrownBy(() -> RpmHeaderParser.parse(builder.build(), 1))
                .hasMessageContaining("index entry 3 (ARCH(1022)) offset 1000 lies outside the 8-byte data store");
    }

    @Test
    void negativeOffset() {
        HeaderBlobBuilder builder = new HeaderBlobBuilder().nevr("foo", "1", "1");
        builder.entry(9999, TYPE_STRING, -8, 1);

        assertThatThrownBy(() -> RpmHeaderParser.parse(builder.build(), 1))
                .hasMessageContaining("index entry 3 (tag 9999) offset 4294967288 lies outside");
    }

    @Test
    void stringWithoutNulTerminator() {
        HeaderBlobBuilder builder = new HeaderBlobBuilder().nevr("foo", "1", "1");
        int offset = builder.dataSize();
        builder.raw("x86_64".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).entry(TAG_ARCH, TYPE_STRING,
                offset, 1);

        assertThatThrownBy(() -> RpmHeaderParser.parse(builder.build(), 1))
                .hasMessageContaining("ARCH(1022) string at data offset 8 has no NUL terminator before the end of the 14-byte");
    }

    @Test
    void stringAtTheVeryEndOfTheDataStore() {
        HeaderBlobBuilder builder = new HeaderBlobBuilder().nevr("foo", "1", "1");
        builder.entry(TAG_ARCH, TYPE_STRING, builder.dataSize(), 1);

        assertThatThrownBy(() -> RpmHeaderParser.parse(builder.build(), 1))
                .hasMessageContaining("has no NUL terminator");
    }

    @Test
    void epochChecks() {
        HeaderBlobBuilder misaligned = new HeaderBlobBuilder().nevr("foo", "1", "1").raw(new byte[] {0, 0, 0, 0, 0})
                .entry(TAG_EPOCH, TYPE_INT32, 13, 1);
        assertThatThrownBy(() -> RpmHeaderParser.parse(misaligned.build(), 1))
                .hasMessageContaining("EPOCH(1003) INT32 data offset 13 is not 4-byte aligned");

        byte[] blob = new HeaderBlobBuilder().nevr("foo", "1", "1").int32(TAG_EPOCH, 1).build();
        ByteBuffer.wrap(blob).putInt(8 + 3 * 16 + 12, 1_000_000_000); // count of entry 3, the EPOCH
        assertThatThrownBy(() -> RpmHeaderParser.parse(blob, 1)).hasMessageContaining(
                "EPOCH(1003) 1000000000 INT32 value(s) at data offset 8 run past the end of the 12-byte data store");

        HeaderBlobBuilder wrongType = new HeaderBlobBuilder().nevr("foo", "1", "1").string(TAG_EPOCH, "1");
        assertThatThrownBy(() -> RpmHeaderParser.parse(wrongType.build(), 1))
                .hasMessageContaining("EPOCH(1003) has type STRING, expected INT32");
    }

    @Test
    void wrongTypeUnknownTypeAndZeroCount() {
        HeaderBlobBuilder intName = new HeaderBlobBuilder().int32(TAG_NAME, 5).string(TAG_VERSION, "1")
                .string(TAG_RELEASE, "1");
        assertThatThrownBy(() -> RpmHeaderParser.parse(intName.build(), 1))
                .hasMessageContaining("NAME(1000) has type INT32, expected a string");

        HeaderBlobBuilder unknownType = new HeaderBlobBuilder().nevr("foo", "1", "1").entry(1100, 77, 0, 1);
        assertThatThrownBy(() -> RpmHeaderParser.parse(unknownType.build(), 1))
                .hasMessageContaining("index entry 3 (tag 1100) has unknown type 77");

        HeaderBlobBuilder zeroCount = new HeaderBlobBuilder().nevr("foo", "1", "1").entry(TAG_ARCH, TYPE_STRING, 0, 0);
        assertThatThrownBy(() -> RpmHeaderParser.parse(zeroCount.build(), 1))
                .hasMessageContaining("ARCH(1022) has a count of 0");
    }

    @Test
    void missingRequiredTag() {
        byte[] blob = new HeaderBlobBuilder().string(TAG_VERSION, "1").string(TAG_RELEASE, "1").build();
        assertThatThrownBy(() -> RpmHeaderParser.parse(blob, 1)).hasMessage("header has no NAME(1000) tag");
    }

    @Test
    void mutatedRealHeadersOnlyEverFailWithRpmDatabaseException() throws Exception {
        byte[] original;
        try (SqliteRpmDb db = SqliteRpmDb.open(RpmFixtures.resource("sqlite-rpmtests-3pkg/rpmdb.sqlite"))) {
            original = db.nextHeader().orElseThrow().blob();
        }
        assertThat(RpmHeaderParser.parse(original, 1).name()).isEqualTo("foo");
        Random random = new Random(42);
        int parsed = 0;
        for (int round = 0; round < 3000; round++) {
            byte[] blob = round % 3 == 0
                    ? Arrays.copyOf(original, random.nextInt(original.length))
                    : original.clone();
            int flips = 1 + random.nextInt(4);
            for (int i = 0; i < flips && blob.length > 0; i++) {
                // mostly hit the preamble and the index, where lies hurt most
                int at = random.nextInt(Math.min(blob.length, random.nextBoolean() ? 8 + 16 * 40 : blob.length));
                blob[at] = (byte) random.nextInt(256);
            }
            try {
                RpmHeaderParser.parse(blob, round);
                parsed++;
            } catch (RpmDatabaseException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            }
        }
        assertThat(parsed).isPositive();
    }
}
