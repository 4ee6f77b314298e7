package dev.imagescan.scan;

import static dev.imagescan.testing.LayerBuilder.layer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagescan.image.PlatformNotFoundException;
import dev.imagescan.inventory.Inventory;
import dev.imagescan.inventory.Package;
import dev.imagescan.testing.BuiltImage;
import dev.imagescan.testing.Compression;
import dev.imagescan.testing.DockerArchiveStyle;
import dev.imagescan.testing.ImageBuilder;
import dev.imagescan.testing.IndexBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Images built in the test, one per rule of reading layers: what the final filesystem says is what counts. */
class ImageRulesTest {
    static final String DEBIAN_OS = "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\nVERSION_ID=\"12\"\n";
    static final String ALPINE_OS = "NAME=\"Alpine Linux\"\nID=alpine\nVERSION_ID=3.20.3\n";

    @TempDir
    Path dir;

    @Test
    void whiteoutOfThePackageDatabaseLeavesNoPackages() throws IOException {
        Inventory inventory = scan(ImageBuilder.image()
                .layer(layer().file("etc/os-release", ALPINE_OS).file("lib/apk/db/installed", apk("musl", "1.2.5-r0")))
                .layer(layer().whiteout("lib/apk/db/installed")));

        assertThat(inventory.packages()).isEmpty();
        assertThat(inventory.os().family()).isEqualTo("alpine");
    }

    @Test
    void whiteoutOfAParentDirectoryAndRecreationAbove() throws IOException {
        Inventory inventory = scan(ImageBuilder.image()
                .layer(layer().file("etc/os-release", ALPINE_OS).file("lib/apk/db/installed", apk("musl", "1.2.5-r0")))
                .layer(layer().whiteout("lib/apk"))
                .layer(layer().file("lib/apk/db/installed", apk("zlib", "1.3.1-r1"))));

        assertThat(names(inventory)).containsExactly("zlib");
        assertThat(inventory.packages().get(0).layer().index()).isEqualTo(2);
    }

    @Test
    void opaqueDirectoryHidesLowerStatusDFiles() throws IOException {
        Inventory inventory = scan(ImageBuilder.image()
                .layer(layer().file("etc/os-release", DEBIAN_OS)
                        .file("var/lib/dpkg/status.d/base-files", dpkg("base-files", "12.4", null))
                        .file("var/lib/dpkg/status.d/libc6", dpkg("libc6", "2.36-9", "glibc")))
                .layer(layer().opaque("var/lib/dpkg/status.d")
                        .file("var/lib/dpkg/status.d/tzdata", dpkg("tzdata", "2024a-0", null))));

        assertThat(names(inventory)).containsExactly("tzdata");
    }

    @Test
    void distrolessStatusDWithMd5sumsAndNoStatusField() throws IOException {
        Inventory inventory = scan(ImageBuilder.image()
                .layer(layer()
                        .file("etc/os-release", "PRETTY_NAME=\"Distroless\"\nID=debian\nVERSION_ID=\"12\"\n")
                        .file("etc/debian_version", "12.7\n")
                        .file("var/lib/dpkg/status.d/libc6", "Package: libc6\nVersion: 2.36-9+deb12u7\nArchitecture: amd64\nSource: glibc\n")
                        .file("var/lib/dpkg/status.d/libc6.md5sums", "d41d8cd98f00b204e9800998ecf8427e  lib/x86_64-linux-gnu/libc.so.6\n")
                        .file("var/lib/dpkg/status.d/netbase", "Package: netbase\nVersion: 6.4\nArchitecture: all\n")));

        assertThat(names(inventory)).containsExactly("libc6", "netbase");
        assertThat(inventory.os().describe()).isEqualTo("debian 12.7 (distroless)");
        assertThat(purl(inventory, "libc6")).isEqualTo("pkg:deb/debian/libc6@2.36-9%2Bdeb12u7?arch=amd64&distro=debian-12.7");
    }

    @Test
    void osReleaseSymlinkInAnUpperLayerToAFileOfALowerLayer() throws IOException {
        Inventory inventory = scan(ImageBuilder.image()
                .layer(layer().file("usr/lib/os-release", DEBIAN_OS).file("etc/debian_version", "12.7\n"))
                .layer(layer().symlink("etc/os-release", "../usr/lib/os-release")));

        assertThat(inventory.os().describe()).isEqualTo("debian 12.7");
        assertThat(inventory.os().source()).isEqualTo("/etc/os-release");
    }

    @Test
    void symlinkToAPathNobodyAskedForIsFollowedIntoALowerLayer() throws IOException {
        Inventory inventory = scan(ImageBuilder.image()
                .layer(layer().file("opt/vendor/release/os-release", ALPINE_OS)
                        .file("opt/vendor/apk/installed", apk("busybox", "1.36.1-r29")))
                .layer(layer().symlink("etc/os-release", "/opt/vendor/release/os-release")
                        .symlink("lib/apk/db", "../../opt/vendor/apk")));

        assertThat(inventory.os().family()).isEqualTo("alpine");
        assertThat(names(inventory)).containsExactly("busybox");
        assertThat(inventory.packages().get(0).layer().index()).isEqualTo(1);
        assertThat(inventory.warnings()).isEmpty();
    }

    @Test
    void linksToTheRootLeadNowhere() throws IOException {
        // found by the layer-tar fuzz target: a wanted path linked to the root made a request for the empty path,
        // an IllegalArgumentException instead of a scan (a file request names a path below the root)
        Inventory inventory = scan(ImageBuilder.image()
                .layer(layer().file("etc/os-release", ALPINE_OS)
                        .symlink("lib/apk/db/installed", "/")
                        .symlink("var/lib/dpkg/status.d", "..")
                        .symlink("var/lib/dpkg/info", "../../..")
                        .hardlink("var/lib/dpkg/status", ".")));

        assertThat(inventory.os().family()).isEqualTo("alpine");
        assertThat(names(inventory)).isEmpty();
    }

    @Test
    void mergedUsrSymlinkLeadsToTheDatabase() throws IOException {
        Inventory inventory = scan(ImageBuilder.image()
                .layer(layer().symlink("lib", "usr/lib").file("etc/os-release", ALPINE_OS)
                        .file("usr/lib/apk/db/installed", apk("musl", "1.2.5-r0"))));

        assertThat(names(inventory)).containsExactly("musl");
    }

    @Test
    void hardLinkedDatabasesInTheSameLayerEitherOrder() throws IOException {
        Inventory linkAfterFile = scan(ImageBuilder.image()
                .layer(layer().file("etc/os-release", DEBIAN_OS)
                        .file("var/backups/dpkg.status", dpkg("bash", "5.2.15-2", null))
                        .hardlink("var/lib/dpkg/status", "var/backups/dpkg.status")));
        Inventory fileAfterLink = scan(ImageBuilder.image()
                .layer(layer().file("etc/os-release", DEBIAN_OS)
                        .file("var/lib/dpkg/status", dpkg("bash", "5.2.15-2", null))
                        .hardlink("var/lib/dpkg/zz-copy", "var/lib/dpkg/status")));

        assertThat(names(linkAfterFile)).containsExactly("bash");
        assertThat(names(fileAfterLink)).containsExactly("bash");
    }

    @Test
    void hardLinkToAFileOfALowerLayer() throws IOException {
        Inventory inventory = scan(ImageBuilder.image()
                .layer(layer().file("etc/os-release", ALPINE_OS).file("opt/db", apk("musl", "1.2.5-r0")))
                .layer(layer().hardlink("lib/apk/db/installed", "opt/db")));

        assertThat(names(inventory)).containsExactly("musl");
    }

    @Test
    void zstdPlainAndGzipLayersInOneImageAreRecognisedByTheirBytes() throws IOException {
        Inventory inventory = scan(ImageBuilder.image()
                .layer(layer().file("etc/os-release", ALPINE_OS).compression(Compression.ZSTD))
                .layer(layer().file("lib/apk/db/installed", apk("musl", "1.2.5-r0")).compression(Compression.NONE))
                .layer(layer().file("lib/apk/db/installed", apk("musl", "1.2.5-r0") + "\n" + apk("zlib", "1.3.1-r1"))
                        .compression(Compression.GZIP)
                        .mediaType("application/vnd.oci.image.layer.v1.tar+zstd")));

        assertThat(layers(inventory)).containsExactly(Map.entry("musl", 1), Map.entry("zlib", 2));
    }

    @Test
    void packageUpgradedInALaterLayerBelongsToThatLayer() throws IOException {
        Inventory inventory = scan(ImageBuilder.image()
                .layer(layer().file("etc/os-release", DEBIAN_OS)
                        .file("var/lib/dpkg/status", dpkg("bash", "5.2.15-2", null) + "\n" + dpkg("curl", "7.88.1-10", null)))
                .layer(layer().file("etc/motd", "unrelated\n"))
                .layer(layer().file("var/lib/dpkg/status",
                        dpkg("bash", "5.2.15-2", null) + "\n" + dpkg("curl", "7.88.1-10+deb12u5", null))));

        assertThat(layers(inventory)).containsExactly(Map.entry("bash", 0), Map.entry("curl", 2));
        assertThat(inventory.packages()).filteredOn(p -> p.name().equals("curl")).singleElement()
                .extracting(Package::version).isEqualTo("7.88.1-10+deb12u5");
    }

    @Test
    void packageRemovedAndInstalledAgainBelongsToTheLayerThatPutItBack() throws IOException {
        Inventory inventory = scan(ImageBuilder.image()
                .layer(layer().file("etc/os-release", ALPINE_OS).file("lib/apk/db/installed", apk("musl", "1") + "\n" + apk("curl", "8")))
                .layer(layer().file("lib/apk/db/installed", apk("musl", "1")))
                .layer(layer().file("lib/apk/db/installed", apk("musl", "1") + "\n" + apk("curl", "8"))));

        assertThat(layers(inventory)).containsExactly(Map.entry("curl", 2), Map.entry("musl", 0));
    }

    @Test
    void multiPlatformIndexPicksAmd64ByDefaultAndTheAskedPlatformOtherwise() throws IOException {
        Path layout = IndexBuilder.index()
                .add(ImageBuilder.image().platform("linux", "arm64", "v8")
                        .layer(layer().file("etc/os-release", ALPINE_OS).file("lib/apk/db/installed", apk("arm-only", "1"))))
                .add(ImageBuilder.image().platform("linux", "amd64")
                        .layer(layer().file("etc/os-release", ALPINE_OS).file("lib/apk/db/installed", apk("amd-only", "1"))))
                .writeOciArchive(dir.resolve("multi.tar"));

        Inventory byDefault = new ImageScanner(ScanOptions.defaults()).scan(layout);
        Inventory arm = new ImageScanner(ScanOptions.defaults()
                .withPlatform(dev.imagescan.image.Platform.parse("linux/arm64"))).scan(layout);

        assertThat(names(byDefault)).containsExactly("amd-only");
        assertThat(byDefault.image().platform()).isEqualTo("linux/amd64");
        assertThat(names(arm)).containsExactly("arm-only");
        assertThat(arm.image().platform()).isEqualTo("linux/arm64/v8");
        assertThatThrownBy(() -> new ImageScanner(ScanOptions.defaults()
                        .withPlatform(dev.imagescan.image.Platform.parse("linux/s390x"))).scan(layout))
                .isInstanceOf(PlatformNotFoundException.class)
                .hasMessage("multi.tar: no image for platform linux/s390x (the index has linux/arm64/v8, linux/amd64); "
                        + "choose one with --platform");
    }

    @Test
    void indexWithoutAmd64SaysWhatItHas() throws IOException {
        Path layout = IndexBuilder.index()
                .add(ImageBuilder.image().platform("linux", "arm64").layer(layer().file("etc/os-release", ALPINE_OS)))
                .add(ImageBuilder.image().platform("linux", "arm", "v7").layer(layer().file("etc/os-release", ALPINE_OS)))
                .writeOciLayout(dir.resolve("layout"));

        assertThatThrownBy(() -> new ImageScanner(ScanOptions.defaults()).scan(layout))
                .isInstanceOf(PlatformNotFoundException.class)
                .hasMessageContaining("no image for platform linux/amd64 (the index has linux/arm64, linux/arm/v7)");
    }

    @ParameterizedTest
    @EnumSource(DockerArchiveStyle.class)
    void everyDockerArchiveStyleGivesTheSameInventoryAsTheOciForms(DockerArchiveStyle style) throws IOException {
        BuiltImage image = ImageBuilder.image().repoTag("example/app:1")
                .layer(layer().file("etc/os-release", ALPINE_OS).compression(Compression.GZIP))
                .layer(layer().file("lib/apk/db/installed", apk("musl", "1.2.5-r0") + "\n" + apk("zlib", "1.3.1-r1")))
                .build();

        Inventory docker = scan(image.writeDockerArchive(dir.resolve("docker.tar"), style));
        Inventory ociArchive = scan(image.writeOciArchive(dir.resolve("oci.tar")));
        Inventory ociLayout = scan(image.writeOciLayout(dir.resolve("layout")));

        assertThat(CommittedImagesTest.rows(docker))
                .hasSize(2)
                .isEqualTo(CommittedImagesTest.rows(ociArchive))
                .isEqualTo(CommittedImagesTest.rows(ociLayout));
        assertThat(ociLayout.image().format()).isEqualTo("oci-layout");
        assertThat(docker.image().configDigest()).isEqualTo(ociArchive.image().configDigest());
    }

    @Test
    void compressedImageArchivesAreReadToo() throws IOException {
        BuiltImage image = ImageBuilder.image()
                .layer(layer().file("etc/os-release", ALPINE_OS).file("lib/apk/db/installed", apk("musl", "1.2.5-r0")))
                .build();
        Path tar = image.writeDockerArchive(dir.resolve("image.tar"));
        Path gz = dir.resolve("image.tar.gz");
        Path zst = dir.resolve("image.tar.zst");
        try (var in = java.nio.file.Files.newInputStream(tar);
                var out = Compression.GZIP.compress(java.nio.file.Files.newOutputStream(gz))) {
            in.transferTo(out);
        }
        try (var in = java.nio.file.Files.newInputStream(tar);
                var out = Compression.ZSTD.compress(java.nio.file.Files.newOutputStream(zst))) {
            in.transferTo(out);
        }

        assertThat(names(scan(gz))).containsExactly("musl");
        assertThat(names(scan(zst))).containsExactly("musl");
    }

    @Test
    void scanLeavesNothingInItsScratchDirectory() throws IOException {
        Path scratch = dir.resolve("scratch");
        Path image = ImageBuilder.image()
                .layer(layer().file("etc/os-release", ALPINE_OS).file("lib/apk/db/installed", apk("musl", "1.2.5-r0")))
                .writeDockerArchive(dir.resolve("image.tar"));
        Path gz = dir.resolve("image.tar.gz");
        try (var in = java.nio.file.Files.newInputStream(image);
                var out = Compression.GZIP.compress(java.nio.file.Files.newOutputStream(gz))) {
            in.transferTo(out);
        }

        new ImageScanner(ScanOptions.defaults().withScratchDir(scratch)).scan(gz);

        try (var left = java.nio.file.Files.list(scratch)) {
            assertThat(left).isEmpty();
        }
    }

    Inventory scan(ImageBuilder image) throws IOException {
        return scan(image.writeOciArchive(dir.resolve("image-" + System.nanoTime() + ".tar")));
    }

    static Inventory scan(Path image) {
        return new ImageScanner(ScanOptions.defaults()).scan(image);
    }

    static List<String> names(Inventory inventory) {
        return inventory.packages().stream().map(Package::name).toList();
    }

    static List<Map.Entry<String, Integer>> layers(Inventory inventory) {
        return inventory.packages().stream().map(p -> Map.entry(p.name(), p.layer().index())).toList();
    }

    static String purl(Inventory inventory, String name) {
        return inventory.packages().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow().purl();
    }

    static String apk(String name, String version) {
        return "P:" + name + "\nV:" + version + "\nA:x86_64\no:" + name + "\n";
    }

    static String dpkg(String name, String version, String source) {
        return "Package: " + name + "\nStatus: install ok installed\nArchitecture: amd64\nVersion: " + version + "\n"
                + (source == null ? "" : "Source: " + source + "\n");
    }

}
