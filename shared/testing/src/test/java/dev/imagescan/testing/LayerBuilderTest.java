package dev.imagescan.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LayerBuilderTest {

    private static LayerBuilder sample() {
        return LayerBuilder.layer()
                .file("etc/os-release", "ID=alpine\nVERSION_ID=3.20.3\n")
                .file("usr/bin/tool", new byte[] {1, 2, 3}, 0755)
                .dir("var/lib/apk")
                .symlink("bin/sh", "/bin/busybox")
                .hardlink("usr/bin/tool2", "usr/bin/tool")
                .whiteout("etc/removed.conf")
                .opaque("var/cache");
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void digestIsSha256OfBlobAndDiffIdIsSha256OfTar(Compression c) throws Exception {
        LayerBuilder b = sample().compression(c);
        BuiltLayer l = b.build();
        byte[] tar = b.tarBytes();

        assertThat(l.digest()).isEqualTo(Digests.sha256(l.blob()));
        assertThat(l.diffId()).isEqualTo(Digests.sha256(tar));
        assertThat(l.size()).isEqualTo(l.blob().length);
        assertThat(l.uncompressedSize()).isEqualTo(tar.length);
        assertThat(l.mediaType()).isEqualTo(c.ociMediaType());
        assertThat(l.compression()).isEqualTo(c);
        try (InputStream in = c.decompress(new ByteArrayInputStream(l.blob()))) {
            assertThat(in.readAllBytes()).isEqualTo(tar);
        }
        if (c == Compression.NONE) {
            assertThat(l.blob()).isEqualTo(tar);
            assertThat(l.digest()).isEqualTo(l.diffId());
        } else {
            assertThat(Compression.sniff(l.blob())).isEqualTo(c);
        }
    }

    @Test
    void mediaTypesFollowTheSpec() {
        assertThat(Compression.NONE.ociMediaType()).isEqualTo("application/vnd.oci.image.layer.v1.tar");
        assertThat(Compression.GZIP.ociMediaType()).isEqualTo("application/vnd.oci.image.layer.v1.tar+gzip");
        assertThat(Compression.ZSTD.ociMediaType()).isEqualTo("application/vnd.oci.image.layer.v1.tar+zstd");
    }

    @Test
    void writesExactlyTheEntriesAddedInOrderWithoutParents() {
        List<TarArchiveEntry> es = TarContents.entries(sample().tarBytes());
        assertThat(es).extracting(TarArchiveEntry::getName).containsExactly(
                "etc/os-release", "usr/bin/tool", "var/lib/apk/", "bin/sh", "usr/bin/tool2",
                "etc/.wh.removed.conf", "var/cache/.wh..wh..opq");
        assertThat(es.get(0).isFile()).isTrue();
        assertThat(es.get(0).getMode() & 07777).isEqualTo(0644);
        assertThat(es.get(1).getMode() & 07777).isEqualTo(0755);
        assertThat(es.get(2).isDirectory()).isTrue();
        assertThat(es.get(3).isSymbolicLink()).isTrue();
        assertThat(es.get(3).getLinkName()).isEqualTo("/bin/busybox");
        assertThat(es.get(4).isLink()).isTrue();
        assertThat(es.get(4).getLinkName()).isEqualTo("usr/bin/tool");
        assertThat(es.get(5).getSize()).isZero();
        for (TarArchiveEntry e : es) {
            assertThat(e.getLongUserId()).isZero();
            assertThat(e.getLongGroupId()).isZero();
            assertThat(e.getLastModifiedTime().toInstant()).isEqualTo(LayerBuilder.DEFAULT_MTIME);
            assertThat(e.getExtraPaxHeaders()).isEmpty();
        }
        assertThat(TarContents.readAll(sample().tarBytes()).get("etc/os-release"))
                .asString(StandardCharsets.UTF_8).isEqualTo("ID=alpine\nVERSION_ID=3.20.3\n");
    }

    @Test
    void endOfArchiveIsTwoZeroBlocksLikeGo() {
        byte[] empty = LayerBuilder.layer().tarBytes();
        assertThat(empty).hasSize(1024).containsOnly(0);
        byte[] one = LayerBuilder.layer().file("a", "x").tarBytes();
        assertThat(one).hasSize(512 + 512 + 1024);
        assertThat(LayerBuilder.layer().tarBlockSize(10240).tarBytes()).hasSize(10240);
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void isDeterministic(Compression c) {
        BuiltLayer a = sample().compression(c).build();
        BuiltLayer b = sample().compression(c).build();
        assertThat(a.digest()).isEqualTo(b.digest());
        assertThat(a.diffId()).isEqualTo(b.diffId());
        assertThat(a.blob()).isEqualTo(b.blob());
    }

    @Test
    void longNamesPaxByDefaultAndGnuOnRequest() {
        String longName = "usr/lib/" + "x".repeat(150) + "/METADATA";
        byte[] pax = LayerBuilder.layer().file(longName, "m").tarBytes();
        byte[] gnu = LayerBuilder.layer().gnuLongNames().file(longName, "m").tarBytes();
        assertThat(TarContents.names(pax)).containsExactly(longName);
        assertThat(TarContents.names(gnu)).containsExactly(longName);
        // the raw headers differ: PAX 'x' header vs GNU 'L' ././@LongLink
        assertThat(pax[156]).isEqualTo(TarConstants.LF_PAX_EXTENDED_HEADER_LC);
        assertThat(gnu[156]).isEqualTo(TarConstants.LF_GNUTYPE_LONGNAME);
        assertThat(new String(gnu, 0, 13, StandardCharsets.US_ASCII)).isEqualTo("././@LongLink");
    }

    @Test
    void dotSlashPrefixAndNonAsciiNames() {
        byte[] tar = LayerBuilder.layer().dotSlashPrefix(true).dir("etc").file("etc/päckage", "x")
                .whiteout("etc/gone").tarBytes();
        assertThat(TarContents.names(tar)).containsExactly("./etc/", "./etc/päckage", "./etc/.wh.gone");
    }

    @Test
    void rawHostileEntriesAreWrittenVerbatim() {
        byte[] tar = HostileLayers.escapingEntries().tarBytes();
        List<TarArchiveEntry> es = TarContents.entries(tar);
        assertThat(es).extracting(TarArchiveEntry::getName).containsExactly(
                "../../../etc/cron.d/evil", "/etc/shadow-evil", "etc/escape", "etc/escape/passwd",
                "usr/lib/os-release", "etc/hardlink-out");
        assertThat(es.get(2).getLinkName()).isEqualTo("../../../../../etc");
        assertThat(es.get(5).isLink()).isTrue();
        assertThat(es.get(5).getLinkName()).isEqualTo("../../etc/passwd");
        Map<String, byte[]> files = TarContents.readAll(tar);
        assertThat(files.get("../../../etc/cron.d/evil")).asString(StandardCharsets.UTF_8).contains("evil");

        TarArchiveEntry odd = new TarArchiveEntry("dev/sda", TarConstants.LF_BLK, true);
        odd.setDevMajor(8);
        byte[] t2 = LayerBuilder.layer().entry(odd).tarBytes();
        assertThat(TarContents.entries(t2).get(0).isBlockDevice()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void trailingGarbageFollowsEndOfArchiveInsideTheCompressedStream(Compression c) {
        byte[] garbage = "GARBAGE-AFTER-EOF".getBytes(StandardCharsets.US_ASCII);
        LayerBuilder b = LayerBuilder.layer().file("a", "x").trailingGarbage(garbage).compression(c);
        byte[] tar = b.tarBytes();
        BuiltLayer l = b.build();
        byte[] plain = LayerBuilder.layer().file("a", "x").tarBytes();
        assertThat(Arrays.copyOf(tar, plain.length)).isEqualTo(plain);
        assertThat(Arrays.copyOfRange(tar, plain.length, tar.length)).isEqualTo(garbage);
        assertThat(l.uncompressedBytes()).isEqualTo(tar);
        assertThat(l.diffId()).isEqualTo(Digests.sha256(tar));
        assertThat(TarContents.names(tar)).containsExactly("a");
    }

    @Test
    void streamedFilesAndFromBlob() {
        BuiltLayer l = LayerBuilder.layer().zeros("z", 100_000).compression(Compression.ZSTD).build();
        assertThat(l.uncompressedSize()).isEqualTo(512 + 100_352 + 1024);
        BuiltLayer again = BuiltLayer.fromBlob(l.blob(), Compression.ZSTD);
        assertThat(again.digest()).isEqualTo(l.digest());
        assertThat(again.diffId()).isEqualTo(l.diffId());
        assertThat(l.withMediaType(MediaTypes.OCI_LAYER_TAR_ENCRYPTED).mediaType()).isEqualTo(MediaTypes.OCI_LAYER_TAR_ENCRYPTED);

        assertThatThrownBy(() -> LayerBuilder.layer().file("short", 10, out -> out.write(1)).build())
                .hasRootCauseInstanceOf(java.io.IOException.class);
        assertThatThrownBy(() -> LayerBuilder.fromTar(new byte[1024]).file("x", "y"))
                .isInstanceOf(IllegalStateException.class);
    }
}
