package dev.imagescan.scan;

import static dev.imagescan.scan.ImageRulesTest.ALPINE_OS;
import static dev.imagescan.scan.ImageRulesTest.apk;
import static dev.imagescan.scan.ImageRulesTest.names;
import static dev.imagescan.testing.LayerBuilder.layer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagescan.image.DigestMismatchException;
import dev.imagescan.image.ImageFormatException;
import dev.imagescan.image.UnsupportedMediaTypeException;
import dev.imagescan.inventory.Inventory;
import dev.imagescan.layer.CorruptLayerException;
import dev.imagescan.layer.LayerLimits;
import dev.imagescan.layer.LimitExceededException;
import dev.imagescan.testing.BuiltImage;
import dev.imagescan.testing.BuiltLayer;
import dev.imagescan.testing.Compression;
import dev.imagescan.testing.HostileLayers;
import dev.imagescan.testing.ImageBuilder;
import dev.imagescan.testing.Tamper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Truncated, corrupt, lying and hostile inputs: each is a precise error or a correct result, quickly. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class HostileInputTest {
    @TempDir
    Path dir;

    private static final ImageBuilder GOOD = ImageBuilder.image()
            .layer(layer().file("etc/os-release", ALPINE_OS).file("lib/apk/db/installed", apk("musl", "1.2.5-r0"))
                    .compression(Compression.GZIP));

    @Test
    void entryClimbingAboveTheRootIsRefused() throws IOException {
        Path image = ImageBuilder.image().layer(HostileLayers.escapingEntries()).writeOciArchive(dir.resolve("evil.tar"));

        assertThatThrownBy(() -> scan(image))
                .isInstanceOf(CorruptLayerException.class)
                .hasMessageMatching("layer 1 \\(sha256:[0-9a-f]{12}\\): member '\\.\\./\\.\\./\\.\\./etc/cron\\.d/evil' "
                        + "points outside the image root; container runtimes refuse such a layer");
    }

    @Test
    void hardLinkClimbingAboveTheRootIsRefused() throws IOException {
        TarArchiveEntry link = new TarArchiveEntry("lib/apk/db/installed", TarArchiveEntry.LF_LINK, true);
        link.setLinkName("../../../../etc/passwd");
        Path image = ImageBuilder.image().layer(layer().entry(link)).writeOciArchive(dir.resolve("evil.tar"));

        assertThatThrownBy(() -> scan(image))
                .isInstanceOf(CorruptLayerException.class)
                .hasMessageContaining("hard link 'lib/apk/db/installed' points to '../../../../etc/passwd', outside the image root");
    }

    @Test
    void absoluteMemberNamesAreReadAsPathsFromTheRoot() throws IOException {
        Path image = ImageBuilder.image().layer(layer()
                        .entry(new TarArchiveEntry("/etc/os-release", true), ALPINE_OS.getBytes(StandardCharsets.UTF_8))
                        .entry(new TarArchiveEntry("/lib/apk/db/installed", true), apk("musl", "1").getBytes(StandardCharsets.UTF_8)))
                .writeOciArchive(dir.resolve("abs.tar"));

        Inventory inventory = scan(image);

        assertThat(inventory.os().family()).isEqualTo("alpine");
        assertThat(names(inventory)).containsExactly("musl");
    }

    @Test
    void symlinkLoopIsAWarningNotAHang() throws IOException {
        Path image = ImageBuilder.image().layer(layer()
                        .symlink("etc/os-release", "../usr/lib/os-release")
                        .symlink("usr/lib/os-release", "/etc/os-release")
                        .symlink("lib/apk/db", "db2").symlink("lib/apk/db2", "db")
                        .file("etc/alpine-release", "3.20.3\n"))
                .writeOciArchive(dir.resolve("loop.tar"));

        Inventory inventory = scan(image);

        assertThat(inventory.os().describe()).isEqualTo("alpine 3.20.3");
        assertThat(inventory.warnings()).anySatisfy(w -> assertThat(w).contains("/etc/os-release").contains("loop"));
        assertThat(inventory.packages()).isEmpty();
    }

    @Test
    void gzipBombStopsAtTheLayerLimit() throws IOException {
        Path image = ImageBuilder.image()
                .layer(layer().file("etc/os-release", ALPINE_OS))
                .layer(HostileLayers.bomb(256L << 20, Compression.GZIP))
                .writeOciArchive(dir.resolve("bomb.tar"));
        ScanOptions options = ScanOptions.defaults().withLimits(LayerLimits.DEFAULT.withMaxUncompressedBytes(64L << 20));

        assertThatThrownBy(() -> new ImageScanner(options).scan(image))
                .isInstanceOf(LimitExceededException.class)
                .hasMessageMatching("layer 2 \\(sha256:[0-9a-f]{12}\\): decompresses to more than 67108864 bytes \\(the per-layer limit\\)");
    }

    @Test
    void zstdBombTripsTheCompressionRatioLimitWithDefaultLimits() throws IOException {
        Path image = ImageBuilder.image()
                .layer(HostileLayers.bomb(512L << 20, Compression.ZSTD))
                .writeOciArchive(dir.resolve("bomb.tar"));

        assertThatThrownBy(() -> scan(image))
                .isInstanceOf(LimitExceededException.class)
                .hasMessageContaining("decompresses to more than 2000 times its compressed size; refusing a likely decompression bomb");
    }

    @Test
    void entryClaimingTenGibibytesWithShortDataIsATruncatedLayer() throws IOException {
        Path image = ImageBuilder.image().layer(HostileLayers.tenGiBHeaderShortData()).writeOciArchive(dir.resolve("big.tar"));

        assertThatThrownBy(() -> scan(image))
                .isInstanceOf(CorruptLayerException.class)
                .hasMessageContaining("layer 1 (")
                .hasMessageContaining("truncated");
    }

    @Test
    void wantedFileOverItsCapIsRefusedBeforeItIsRead() throws IOException {
        BuiltLayer layer = HostileLayers.lyingSizeLayer("var/lib/dpkg/status", 200L << 20, 512,
                HostileLayers.SizeEncoding.PAX, Compression.GZIP);
        Path image = ImageBuilder.image().layer(layer).writeOciArchive(dir.resolve("status.tar"));

        assertThatThrownBy(() -> scan(image))
                .isInstanceOf(LimitExceededException.class)
                .hasMessageContaining("/var/lib/dpkg/status is 209715200 bytes, more than the 134217728 allowed for it");
    }

    @Test
    void truncatedGzipLayerNamesTheLayer() throws IOException {
        BuiltImage image = GOOD.build();
        String digest = image.layers().get(0).digest();
        Path tar = image.writeOciArchive(dir.resolve("t.tar"), Tamper.tamper().truncateBlob(digest, image.layers().get(0).size() / 2));

        assertThatThrownBy(() -> scan(tar))
                .isInstanceOf(CorruptLayerException.class)
                .hasMessageMatching("layer 1 \\(sha256:[0-9a-f]{12}\\): truncated gzip data \\(.*\\)");
    }

    @Test
    void truncatedTarInsideGzipIsAnError() throws IOException {
        BuiltLayer truncated = HostileLayers.truncatedTar(
                layer().file("etc/os-release", ALPINE_OS).file("lib/apk/db/installed", "x".repeat(5000)), 1500, Compression.GZIP);
        Path image = ImageBuilder.image().layer(truncated).writeOciArchive(dir.resolve("t.tar"));

        assertThatThrownBy(() -> scan(image)).isInstanceOf(CorruptLayerException.class).hasMessageContaining("truncated");
    }

    @Test
    void garbageAfterTheEndOfTheLayerTarAndOfTheArchiveIsIgnored() throws IOException {
        byte[] garbage = "GARBAGE AFTER THE END OF THE TAR ARCHIVE\n".repeat(100).getBytes(StandardCharsets.UTF_8);
        BuiltImage image = ImageBuilder.image()
                .layer(layer().file("etc/os-release", ALPINE_OS).file("lib/apk/db/installed", apk("musl", "1"))
                        .trailingGarbage(garbage).compression(Compression.GZIP))
                .build();

        Inventory inventory = scan(image.writeOciArchive(dir.resolve("g.tar"), Tamper.tamper().trailingGarbage(garbage)));
        Inventory docker = scan(image.writeDockerArchive(dir.resolve("d.tar"), Tamper.tamper().trailingGarbage(garbage)));

        assertThat(names(inventory)).containsExactly("musl");
        assertThat(names(docker)).containsExactly("musl");
    }

    @Test
    void manifestPointingAtAMissingBlob() throws IOException {
        BuiltImage image = GOOD.build();
        String digest = image.layers().get(0).digest();
        Path tar = image.writeOciArchive(dir.resolve("m.tar"), Tamper.tamper().omitBlob(digest));

        assertThatThrownBy(() -> scan(tar))
                .isInstanceOf(ImageFormatException.class)
                .hasMessage("m.tar: the manifest lists layer 1 blob " + digest + " but the blob is missing");
    }

    @Test
    void dockerManifestPointingAtAMissingLayerFile() throws IOException {
        BuiltImage image = GOOD.build();
        Path tar = image.writeDockerArchive(dir.resolve("d.tar"), Tamper.tamper().omitBlob(image.layers().get(0).digest()));

        assertThatThrownBy(() -> scan(tar))
                .isInstanceOf(ImageFormatException.class)
                .hasMessageContaining("d.tar: manifest.json lists layer 1 '")
                .hasMessageContaining("but it is not in the archive");
    }

    @Test
    void layerBlobWithOtherBytesIsADigestMismatchNamingTheLayer() throws IOException {
        BuiltImage image = GOOD.build();
        BuiltLayer other = layer().file("etc/os-release", "ID=evil\n").compression(Compression.GZIP).build();
        Path tar = image.writeOciArchive(dir.resolve("x.tar"),
                Tamper.tamper().replaceBlob(image.layers().get(0).digest(), other.blob()));

        assertThatThrownBy(() -> scan(tar))
                .isInstanceOf(DigestMismatchException.class)
                .hasMessageStartingWith("layer 1 (" + image.layers().get(0).diffId().substring(0, 19) + "): blob blobs/sha256/")
                .hasMessageContaining("has digest " + other.digest() + ", the manifest says " + image.layers().get(0).digest());
    }

    @Test
    void configPromisingAnotherDiffIdIsADigestMismatch() throws IOException {
        BuiltLayer real = layer().file("etc/os-release", ALPINE_OS).build();
        BuiltLayer lying = real.withDiffId("sha256:" + "ab".repeat(32));
        Path tar = ImageBuilder.image().layer(lying).writeOciArchive(dir.resolve("x.tar"));

        assertThatThrownBy(() -> scan(tar))
                .isInstanceOf(DigestMismatchException.class)
                .hasMessage("layer 1 (sha256:abababababab): uncompressed content has digest " + real.diffId()
                        + ", the image config says sha256:" + "ab".repeat(32));
    }

    @Test
    void tamperedConfigIsADigestMismatch() throws IOException {
        BuiltImage image = GOOD.build();
        Path tar = image.writeOciArchive(dir.resolve("c.tar"),
                Tamper.tamper().replaceBlob("sha256:" + image.configDigestHex(), "{\"rootfs\":{\"diff_ids\":[]}}".getBytes(StandardCharsets.UTF_8)));

        assertThatThrownBy(() -> scan(tar))
                .isInstanceOf(DigestMismatchException.class)
                .hasMessageContaining("config blob sha256:" + image.configDigestHex().substring(0, 12));
    }

    @Test
    void encryptedLayerMediaTypeIsUnsupported() throws IOException {
        Path tar = GOOD.build().writeOciArchive(dir.resolve("e.tar"),
                Tamper.tamper().layerMediaType(0, "application/vnd.oci.image.layer.v1.tar+gzip+encrypted"));

        assertThatThrownBy(() -> scan(tar))
                .isInstanceOf(UnsupportedMediaTypeException.class)
                .hasMessageContaining("layer 1 (")
                .hasMessageContaining("has media type application/vnd.oci.image.layer.v1.tar+gzip+encrypted, which is not a layer type this scanner reads");
    }

    @Test
    void nonImageArtifactIsSaidSo() throws IOException {
        Path tar = ImageBuilder.image().configMediaType("application/vnd.cncf.helm.config.v1+json")
                .layer(layer().file("chart.yaml", "x")).writeOciArchive(dir.resolve("helm.tar"));

        assertThatThrownBy(() -> scan(tar))
                .isInstanceOf(UnsupportedMediaTypeException.class)
                .hasMessageContaining("is not a container image (config media type application/vnd.cncf.helm.config.v1+json)");
    }

    @Test
    void layerThatIsNotATarAndBzip2Layers() throws IOException {
        BuiltLayer junk = BuiltLayer.fromBlob("this is neither gzip nor tar, just text\n".repeat(40).getBytes(StandardCharsets.UTF_8),
                Compression.NONE);
        Path notTar = ImageBuilder.image().layer(junk).writeOciArchive(dir.resolve("n.tar"));
        BuiltLayer bzip = BuiltLayer.fromBlob(new byte[] {'B', 'Z', 'h', '9', 0x31, 0x41, 0x59, 0x26}, Compression.NONE);
        Path bz = ImageBuilder.image().layer(bzip).writeOciArchive(dir.resolve("b.tar"));

        assertThatThrownBy(() -> scan(notTar)).isInstanceOf(CorruptLayerException.class)
                .hasMessageContaining("layer 1 (").hasMessageContaining("not a valid tar stream");
        assertThatThrownBy(() -> scan(bz)).isInstanceOf(UnsupportedMediaTypeException.class)
                .hasMessageContaining("is bzip2-compressed; layers must be plain tar, gzip or zstd");
    }

    @Test
    void thingsThatAreNotImages() throws IOException {
        Path text = Files.writeString(dir.resolve("notes.txt"), "hello\n".repeat(200));
        Path empty = Files.createFile(dir.resolve("empty.tar"));
        Path plainTar = ImageBuilder.image().layer(layer().file("etc/os-release", ALPINE_OS)).build().layers().get(0).blob().length > 0
                ? Files.write(dir.resolve("rootfs.tar"), layer().file("etc/os-release", ALPINE_OS).tarBytes())
                : null;
        Path emptyDir = Files.createDirectory(dir.resolve("emptydir"));

        assertThatThrownBy(() -> scan(dir.resolve("missing.tar"))).isInstanceOf(ImageFormatException.class)
                .hasMessageEndingWith("missing.tar: no such file or directory");
        assertThatThrownBy(() -> scan(text)).isInstanceOf(ImageFormatException.class)
                .hasMessage("notes.txt: not an image (neither a tar archive nor an OCI layout directory)");
        assertThatThrownBy(() -> scan(empty)).isInstanceOf(ImageFormatException.class)
                .hasMessage("empty.tar: not an image (neither a tar archive nor an OCI layout directory)");
        assertThatThrownBy(() -> scan(plainTar)).isInstanceOf(ImageFormatException.class)
                .hasMessage("rootfs.tar is a tar archive but holds neither manifest.json (docker-archive) nor index.json (OCI archive); not an image");
        assertThatThrownBy(() -> scan(emptyDir)).isInstanceOf(ImageFormatException.class)
                .hasMessageContaining("emptydir is a directory but neither an OCI image layout");
    }

    @Test
    void truncatedImageArchive() throws IOException {
        Path tar = GOOD.build().writeOciArchive(dir.resolve("full.tar"));
        byte[] bytes = Files.readAllBytes(tar);
        Path cut = Files.write(dir.resolve("cut.tar"), java.util.Arrays.copyOf(bytes, bytes.length / 2));

        assertThatThrownBy(() -> scan(cut)).isInstanceOf(ImageFormatException.class).hasMessageStartingWith("cut.tar: ");
    }

    @Test
    void digestsThatTryToLeaveTheBlobsDirectoryAreInvalid() throws IOException {
        BuiltImage image = GOOD.build();
        String manifest = new String(image.manifest(), StandardCharsets.UTF_8)
                .replace(image.layers().get(0).digest(), "sha256:../../../../etc/passwd");
        Path layout = image.withManifest(manifest.getBytes(StandardCharsets.UTF_8)).writeOciLayout(dir.resolve("layout"));

        assertThatThrownBy(() -> scan(layout)).isInstanceOf(ImageFormatException.class)
                .hasMessage("invalid digest 'sha256:../../../../etc/passwd'");
    }

    @Test
    void oversizedAndMalformedJson() throws IOException {
        BuiltImage image = GOOD.build();
        Path huge = image.writeOciArchive(dir.resolve("huge.tar"),
                Tamper.tamper().replaceEntry("index.json", new byte[5 * 1024 * 1024]));
        Path broken = image.writeOciArchive(dir.resolve("broken.tar"),
                Tamper.tamper().replaceEntry("index.json", "{\"manifests\": [".getBytes(StandardCharsets.UTF_8)));

        assertThatThrownBy(() -> scan(huge)).isInstanceOf(ImageFormatException.class)
                .hasMessage("huge.tar: index 'index.json' is 5242880 bytes, more than the 4194304 a JSON document may have");
        assertThatThrownBy(() -> scan(broken)).isInstanceOf(ImageFormatException.class)
                .hasMessageStartingWith("broken.tar: index.json is not valid JSON: ");
    }

    @Test
    void imageWithoutLayersIsAnImageFormatErrorInEveryFormat() throws IOException {
        BuiltImage empty = ImageBuilder.image().build();
        Path docker = empty.writeDockerArchive(dir.resolve("empty-docker.tar"));
        Path oci = empty.writeOciArchive(dir.resolve("empty-oci.tar"));
        Path layout = empty.writeOciLayout(dir.resolve("empty-layout"));

        assertThatThrownBy(() -> scan(docker)).isInstanceOf(ImageFormatException.class)
                .hasMessage("empty-docker.tar: the image has no layers (its config lists no diff_ids); "
                        + "there is nothing to scan");
        assertThatThrownBy(() -> scan(oci)).isInstanceOf(ImageFormatException.class)
                .hasMessageStartingWith("empty-oci.tar: the image has no layers");
        assertThatThrownBy(() -> scan(layout)).isInstanceOf(ImageFormatException.class)
                .hasMessageStartingWith("empty-layout: the image has no layers");
    }

    private static Inventory scan(Path image) {
        return new ImageScanner(ScanOptions.defaults()).scan(image);
    }
}
