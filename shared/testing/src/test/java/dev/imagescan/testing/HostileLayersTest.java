package dev.imagescan.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class HostileLayersTest {
    @TempDir Path tmp;

    private static final long MIB = 1024 * 1024;

    @Test
    void gzipBombIsSmallCompressedAndExactUncompressed() throws Exception {
        long zeros = 64 * MIB;
        BuiltLayer bomb = Gzip.bomb(zeros);
        assertThat(bomb.compression()).isEqualTo(Compression.GZIP);
        assertThat(bomb.mediaType()).isEqualTo(MediaTypes.OCI_LAYER_TAR_GZIP);
        assertThat(bomb.size()).isLessThan(zeros / 500); // deflate tops out near 1030:1
        assertThat(bomb.uncompressedSize()).isEqualTo(512 + zeros + 1024);
        assertThat(bomb.digest()).isEqualTo(Digests.sha256(bomb.blob()));
        // the diffID matches an independent streaming decompression
        try (InputStream in = bomb.openUncompressed()) {
            assertThat(Digests.sha256(in)).isEqualTo(bomb.diffId());
        }
        try (TarArchiveInputStream tar = new TarArchiveInputStream(bomb.openUncompressed())) {
            TarArchiveEntry e = tar.getNextEntry();
            assertThat(e.getName()).isEqualTo("bomb");
            assertThat(e.getSize()).isEqualTo(zeros);
        }
    }

    @Test
    void oneGibBombBuildsWithoutAGibOfHeap() {
        // surefire runs with -Xmx1g: holding the uncompressed GiB would not fit beside everything else.
        // About 4 s on a 2-core machine (deflate + sha256 of 1 GiB); the other tests use smaller bombs.
        long gib = 1024 * MIB;
        BuiltLayer bomb = Gzip.bomb(gib);
        assertThat(bomb.uncompressedSize()).isEqualTo(512 + gib + 1024);
        assertThat(bomb.size()).isLessThan(MIB);
    }

    @ParameterizedTest
    @EnumSource(HostileLayers.SizeEncoding.class)
    void headerClaimsTenGibButDataIsShort(HostileLayers.SizeEncoding enc) throws Exception {
        BuiltLayer l = HostileLayers.lyingSizeLayer("huge.bin", HostileLayers.TEN_GIB, 1024, enc, Compression.GZIP);
        byte[] tar = l.uncompressedBytes();
        assertThat(tar.length).isLessThan(4096);
        assertThat(l.diffId()).isEqualTo(Digests.sha256(tar));
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            TarArchiveEntry e = in.getNextEntry();
            assertThat(e.getName()).isEqualTo("huge.bin");
            assertThat(e.getSize()).isEqualTo(HostileLayers.TEN_GIB);
            // reading the data runs out long before 10 GiB
            assertThatThrownBy(() -> {
                byte[] buf = new byte[8192];
                long total = 0;
                int n;
                while ((n = in.read(buf)) != -1) {
                    total += n;
                }
                if (total < HostileLayers.TEN_GIB) {
                    throw new IOException("short: " + total);
                }
            }).isInstanceOf(IOException.class);
        }
        assertThat(HostileLayers.tenGiBHeaderShortData().compression()).isEqualTo(Compression.GZIP);
    }

    @Test
    void truncatedTarAndNotGzip() throws Exception {
        LayerBuilder src = LayerBuilder.layer().file("a", new byte[5000]).file("b", "x");
        BuiltLayer cut = HostileLayers.truncatedTar(src, 2048, Compression.GZIP);
        assertThat(cut.uncompressedBytes()).hasSize(2048);
        BuiltLayer junk = HostileLayers.notGzip();
        assertThatThrownBy(junk::openUncompressed).isInstanceOf(IOException.class);

        // hostile layers still make well-formed images around them
        Path tar = ImageBuilder.image().layer(cut).layer(HostileLayers.escapingEntries()).build()
                .writeOciArchive(tmp.resolve("hostile.tar"));
        ImageChecks.checkOciArchive(tar);
    }
}
