package dev.imagescan.scan;

import static dev.imagescan.scan.ImageRulesTest.ALPINE_OS;
import static dev.imagescan.scan.ImageRulesTest.apk;
import static dev.imagescan.testing.LayerBuilder.layer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagescan.image.ImageFormatException;
import dev.imagescan.inventory.Inventory;
import dev.imagescan.layer.LimitExceededException;
import dev.imagescan.testing.Compression;
import dev.imagescan.testing.HostileLayers;
import dev.imagescan.testing.ImageBuilder;
import dev.imagescan.testing.LayerBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * PAX and GNU extended headers over 1 MiB are refused from their header record, before a tar reader loads them: in a
 * layer (a {@link LimitExceededException} naming the layer and the header) and in the image archive itself (an
 * {@link ImageFormatException}). Headers of real size still read.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ExtendedHeaderTest {
    private static final long SEVEN_HUNDRED_MB = 700L * 1000 * 1000;
    private static final byte[] FEW_BYTES = "29 path=etc/os-release-xxxxx\n".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    @Test
    void paxHeaderClaimingSevenHundredMegabytesInALayerIsRefusedFromItsHeader() throws IOException {
        Path image = imageWithLayer(HostileLayers.extendedHeaderTar('x', "PaxHeaders.0/evil", SEVEN_HUNDRED_MB,
                FEW_BYTES));

        assertThatThrownBy(() -> scan(image))
                .isInstanceOf(LimitExceededException.class)
                .hasMessageMatching("layer 2 \\(sha256:[0-9a-f]{12}\\): PAX extended header 'PaxHeaders.0/evil' at "
                        + "byte 0 of the tar is 700000000 bytes, more than the 1048576 an extended header may have; "
                        + "refusing a likely memory bomb");
    }

    @Test
    void everyKindOfExtendedHeaderIsBounded() throws IOException {
        String[] kinds = {"g:PAX global header", "L:GNU long name", "K:GNU long link name", "X:PAX extended header"};
        for (String kind : kinds) {
            char type = kind.charAt(0);
            Path image = imageWithLayer(HostileLayers.extendedHeaderTar(type, "././@LongLink", (1L << 20) + 1,
                    FEW_BYTES));

            assertThatThrownBy(() -> scan(image)).as(kind)
                    .isInstanceOf(LimitExceededException.class)
                    .hasMessageContaining(": " + kind.substring(2) + " '././@LongLink' at byte 0 of the tar is 1048577 "
                            + "bytes, more than the 1048576");
        }
    }

    @Test
    void aChainOfExtendedHeadersIsRefused() throws IOException {
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        for (int i = 0; i < 9; i++) {
            tar.write(HostileLayers.extendedHeaderTar('x', "PaxHeaders.0/link" + i, FEW_BYTES.length, FEW_BYTES));
        }
        Path image = imageWithLayer(tar.toByteArray());

        assertThatThrownBy(() -> scan(image))
                .isInstanceOf(LimitExceededException.class)
                .hasMessageContaining("PAX extended header 'PaxHeaders.0/link8' at byte 8192 of the tar follows 8 "
                        + "other extended headers in a row");
    }

    @Test
    void paxHeadersOfRealSizeStillRead() throws IOException {
        String longName = "usr/share/" + "deep/".repeat(100) + "file";
        Path image = ImageBuilder.image()
                .layer(layer().file("etc/os-release", ALPINE_OS).file("lib/apk/db/installed", apk("musl", "1.2.5-r0"))
                        .file(longName, "x").gnuLongNames().compression(Compression.GZIP))
                .layer(LayerBuilder.fromTar(HostileLayers.longPaxPathTar("etc/motd", 512 * 1024, new byte[10]))
                        .compression(Compression.GZIP))
                .writeOciArchive(dir.resolve("long-names.tar"));

        Inventory inventory = scan(image);

        assertThat(inventory.packages()).extracting(p -> p.name()).containsExactly("musl");
    }

    @Test
    void paxHeaderClaimingSevenHundredMegabytesInTheImageArchiveIsRefused() throws IOException {
        Path good = ImageBuilder.image().layer(layer().file("etc/os-release", ALPINE_OS))
                .writeOciArchive(dir.resolve("good.tar"));
        Path evil = dir.resolve("evil.tar");
        try (var out = Files.newOutputStream(evil)) {
            out.write(HostileLayers.extendedHeaderTar('x', "PaxHeaders.0/index.json", SEVEN_HUNDRED_MB, FEW_BYTES));
            out.write(Files.readAllBytes(good));
        }

        assertThatThrownBy(() -> scan(evil))
                .isInstanceOf(ImageFormatException.class)
                .hasMessage("evil.tar: PAX extended header 'PaxHeaders.0/index.json' at byte 0 of the tar is 700000000 "
                        + "bytes, more than the 1048576 an extended header may have; refusing a likely memory bomb");
    }

    /**
     * A 64 MiB PAX {@code path} record (a 64 KiB gzip layer) in a 32 MiB heap: the record is refused from its header
     * instead of being loaded (an {@code OutOfMemoryError} when it was).
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void realPaxBombInASmallHeapIsRefusedNotLoaded() throws Exception {
        Path image = imageWithLayer(HostileLayers.longPaxPathTar("etc/motd", 64 << 20, new byte[10]));

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx32m", "-cp", System.getProperty("java.class.path"),
                ScanMain.class.getName(), image.toString()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(p.waitFor(50, TimeUnit.SECONDS)).isTrue();
        assertThat(output).doesNotContain("OutOfMemoryError")
                .contains("LimitExceededException: layer 2 (sha256:")
                .contains("PAX extended header 'PaxHeaders.0/etc/motd' at byte 0 of the tar is 67108879 bytes");
    }

    private Path imageWithLayer(byte[] tar) throws IOException {
        return ImageBuilder.image()
                .layer(layer().file("etc/os-release", ALPINE_OS).compression(Compression.GZIP))
                .layer(LayerBuilder.fromTar(tar).compression(Compression.GZIP))
                .writeOciArchive(dir.resolve("image-" + System.nanoTime() + ".tar"));
    }

    private static Inventory scan(Path image) {
        return new ImageScanner(ScanOptions.defaults()).scan(image);
    }
}
