package dev.imagescan.vulndb.artifact;

import static dev.imagescan.vulndb.testing.Advisories.fixedIn;
import static dev.imagescan.vulndb.testing.Advisories.record;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.Zstd;
import dev.imagescan.vulndb.OsvRecord;
import dev.imagescan.vulndb.VulnDatabase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A format version 1 database (no per-source counts, no CVE sections) still loads: one is made here from a version 2
 * artifact by removing exactly what version 2 added, as docs/vulndb-format.md describes the difference.
 */
class FormatVersionOneTest {

    @Test
    void aVersionOneDatabaseLoadsWithoutCveData() throws IOException {
        OsvRecord dsa = record("DSA-5514-1").aliases("CVE-2023-4911")
                .affects(fixedIn("Debian:12", "glibc", "2.36-9+deb12u3")).build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DatabaseWriter.write(List.of(dsa), List.of("osv/"), Instant.parse("2026-11-27T00:00:00Z"), out);

        VulnDatabase db = VulnDatabases.load(versionOne(out.toByteArray(), 1));

        assertThat(db.info().formatVersion()).isEqualTo(1);
        assertThat(db.info().sources()).containsExactly("osv/");
        assertThat(db.info().sourceRecords()).isEmpty();
        assertThat(db.info().cves()).isZero();
        assertThat(db.lookup("Debian:12", "glibc")).singleElement()
                .satisfies(a -> assertThat(a.advisory().id()).isEqualTo("DSA-5514-1"));
        assertThat(db.signals("CVE-2023-4911")).isEmpty();
    }

    /** The version 1 artifact of a version 2 one with {@code sources} sources and empty CVE sections. */
    private static byte[] versionOne(byte[] v2, int sources) {
        ByteBuffer header = ByteBuffer.wrap(v2);
        int payloadLength = (int) header.getLong(12);
        int bodyLength = (int) header.getLong(20);
        byte[] payload = Zstd.decompress(Arrays.copyOfRange(v2, 28, 28 + bodyLength), payloadLength);
        ByteBuffer p = ByteBuffer.wrap(payload);
        int[][] sections = new int[9][2];
        for (int i = 0; i < 9; i++) {
            sections[i][0] = p.getInt(12 + 8 * i);
            sections[i][1] = p.getInt(16 + 8 * i);
        }
        assertThat(sections[7][1]).isZero();
        assertThat(sections[8][1]).isZero();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        ByteBuffer table = ByteBuffer.allocate(12 + 8 * 7);
        table.put(payload, 0, 12);
        int offset = 12 + 8 * 7;
        for (int i = 0; i < 7; i++) {
            int length = sections[i][1] - (i == 0 ? sources : 0); // the info section's per-source counts go
            table.putInt(offset).putInt(length);
            offset += length;
        }
        body.writeBytes(table.array());
        for (int i = 0; i < 7; i++) {
            body.write(payload, sections[i][0], sections[i][1] - (i == 0 ? sources : 0));
        }
        byte[] v1Payload = body.toByteArray();
        byte[] compressed = Zstd.compress(v1Payload, 3);
        ByteBuffer file = ByteBuffer.allocate(28 + compressed.length + 32);
        file.put(v2, 0, 8).putShort((short) 1).put((byte) 1).put((byte) 0).putLong(v1Payload.length)
                .putLong(compressed.length).put(compressed);
        byte[] withoutTrailer = Arrays.copyOf(file.array(), 28 + compressed.length);
        file.put(DatabaseWriter.sha256().digest(withoutTrailer));
        return file.array();
    }
}
