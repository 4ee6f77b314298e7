package dev.imagescan.vulndb.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.github.luben.zstd.Zstd;
import dev.imagescan.vulndb.OsvRecord;
import dev.imagescan.vulndb.VulnDatabase;
import dev.imagescan.vulndb.testing.OsvFixtures;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A damaged database is refused whole with a clear message, never read as far as it goes. */
class ArtifactCorruptionTest {
    private static byte[] artifact;

    @TempDir
    Path dir;

    @BeforeAll
    static void write() throws IOException {
        List<OsvRecord> records = OsvFixtures.RECORDS.stream().map(OsvFixtures::record).toList();
        artifact = ArtifactRoundTripTest.write(records, Instant.parse("2026-11-27T00:00:00Z"));
    }

    @Test
    void wrongMagic() {
        byte[] bad = artifact.clone();
        bad[1] = 'X';

        assertRefused(bad, "not an imagescan vulnerability database (unknown magic bytes)");
        assertRefused("{\"id\": \"not a database\"}".getBytes(StandardCharsets.UTF_8),
                "not an imagescan vulnerability database (unknown magic bytes)");
    }

    @Test
    void futureFormatVersion() {
        byte[] bad = artifact.clone();
        bad[9] = 4;

        assertRefused(bad, "database format version 4 is newer than this imagescan reads (3); use a newer imagescan");
    }

    @Test
    void versionZero() {
        byte[] bad = artifact.clone();
        bad[9] = 0;

        assertRefused(bad, "unknown database format version 0");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 4, 8, 27, 59})
    void truncatedToAFewBytes(int length) {
        assertRefused(Arrays.copyOf(artifact, length), "truncated database: " + length
                + " bytes, a database has at least 60");
    }

    @ParameterizedTest
    @ValueSource(ints = {60, 100, 1000, -1, -32, -33})
    void truncatedInsideTheBody(int length) {
        int keep = length < 0 ? artifact.length + length : length;

        assertRefused(Arrays.copyOf(artifact, keep), "truncated database: " + keep + " of " + artifact.length
                + " bytes");
    }

    @Test
    void trailingBytes() {
        assertRefused(Arrays.copyOf(artifact, artifact.length + 3), "3 unexpected bytes after the end of the database");
    }

    @Test
    void everyFlippedByteIsRefused() {
        for (int i = 0; i < artifact.length; i++) {
            byte[] bad = artifact.clone();
            bad[i] ^= 0x10;
            int at = i;
            assertThat(catchThrowable(() -> VulnDatabases.load(bad))).as("byte %d flipped", at)
                    .isInstanceOf(DatabaseFormatException.class);
        }
    }

    @Test
    void aFlippedBodyByteIsAChecksumMismatch() {
        byte[] bad = artifact.clone();
        bad[artifact.length / 2] ^= 1;

        assertRefused(bad, "database checksum mismatch: the file is corrupt");
    }

    @Test
    void truncatedFileAndStreamAreRefusedAlike() throws IOException {
        Path file = Files.write(dir.resolve("db"), Arrays.copyOf(artifact, artifact.length - 1));

        assertThatThrownBy(() -> VulnDatabases.load(file)).isInstanceOf(DatabaseFormatException.class)
                .hasMessageStartingWith("truncated database");
        assertThatThrownBy(() -> VulnDatabases.load(new ByteArrayInputStream(Files.readAllBytes(file))))
                .isInstanceOf(DatabaseFormatException.class).hasMessageStartingWith("truncated database");
    }

    @Test
    void consistentChecksumOverAnInconsistentIndexIsRefusedAtLoad() throws IOException {
        byte[] payload = payload(artifact);
        ByteBuffer p = ByteBuffer.wrap(payload);
        int keys = p.getInt(12 + 8 * 5);
        p.putInt(keys + 4, 0x7FFF_FFF0);

        assertRefused(rewrap(payload), "corrupt database: row 0 of the keys section points past its target");
    }

    @Test
    void consistentChecksumOverBadSectionsIsRefusedAtLoad() throws IOException {
        byte[] payload = payload(artifact);
        ByteBuffer.wrap(payload).putInt(12 + 8 * 2 + 4, 3);

        assertThatThrownBy(() -> VulnDatabases.load(rewrap(payload))).isInstanceOf(DatabaseFormatException.class)
                .hasMessageStartingWith("corrupt database: ");
    }

    @Test
    void anEntryThatDoesNotDecodeFailsItsLookupNotWithGarbage() throws IOException {
        byte[] payload = payload(artifact);
        ByteBuffer p = ByteBuffer.wrap(payload);
        int entries = p.getInt(12 + 8 * 6);
        int length = p.getInt(12 + 8 * 6 + 4);
        Arrays.fill(payload, entries, entries + length, (byte) 0xFF);
        VulnDatabase db = VulnDatabases.load(rewrap(payload));

        Throwable thrown = catchThrowable(() -> db.lookup("Debian:12", "openssl"));
        assertThat(thrown).isInstanceOf(DatabaseFormatException.class)
                .hasMessageStartingWith("corrupt database sha256:")
                .hasMessageContaining("entry of Debian:12 openssl does not decode");
    }

    private static void assertRefused(byte[] bytes, String message) {
        assertThatThrownBy(() -> VulnDatabases.load(bytes)).isInstanceOf(DatabaseFormatException.class)
                .hasMessage(message);
    }

    private static byte[] payload(byte[] a) {
        int payloadLength = (int) ByteBuffer.wrap(a, 12, 8).getLong();
        byte[] payload = new byte[payloadLength];
        Zstd.decompressByteArray(payload, 0, payloadLength, a, 28, a.length - 60);
        return payload;
    }

    /** A well-formed artifact (header, zstd frame, checksum) around any payload. */
    private static byte[] rewrap(byte[] payload) throws IOException {
        byte[] body = Zstd.compress(payload, 3);
        ByteBuffer b = ByteBuffer.allocate(28 + body.length + 32);
        b.put(artifact, 0, 12).putLong(payload.length).putLong(body.length).put(body);
        try {
            b.put(MessageDigest.getInstance("SHA-256").digest(Arrays.copyOf(b.array(), 28 + body.length)));
        } catch (NoSuchAlgorithmException e) {
            throw new IOException(e);
        }
        return b.array();
    }
}
