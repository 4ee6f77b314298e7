package dev.imagescan.scan;

import static dev.imagescan.scan.ImageRulesTest.ALPINE_OS;
import static dev.imagescan.scan.ImageRulesTest.DEBIAN_OS;
import static dev.imagescan.scan.ImageRulesTest.apk;
import static dev.imagescan.scan.ImageRulesTest.dpkg;
import static dev.imagescan.testing.LayerBuilder.layer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagescan.analyzer.rpm.RpmFixtures;
import dev.imagescan.cache.DirectoryLayerCache;
import dev.imagescan.cache.InMemoryLayerCache;
import dev.imagescan.image.CountingRandomAccessSource;
import dev.imagescan.image.DigestMismatchException;
import dev.imagescan.image.FileRandomAccessSource;
import dev.imagescan.inventory.Inventory;
import dev.imagescan.layer.LayerLimits;
import dev.imagescan.testing.BuiltLayer;
import dev.imagescan.testing.Compression;
import dev.imagescan.testing.Corpus;
import dev.imagescan.testing.ImageBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Index once: a scan with a layer cache gives exactly the inventory of a scan without one, whether the cache is empty
 * (every layer read, then stored) or full (no layer read); images sharing layers share their entries; a bad entry is
 * never used.
 */
class LayerCacheScanTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"alpine-3.20.3.oci.tar", "alpine-3.6.5.oci.tar", "alpine-3.9.6.docker.tar.gz",
            "debian-bookworm-trimmed.oci.tar"})
    void committedImagesGiveTheSameInventoryFromAnEmptyAndAFullCache(String name) {
        assertCachedScansMatch(Corpus.image(name), ScanOptions.defaults());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void fixtureImagesGiveTheSameInventoryFromAnEmptyAndAFullCache(String name, Supplier<ImageBuilder> image)
            throws IOException {
        assertCachedScansMatch(image.get().writeOciArchive(dir.resolve("image.tar")), ScanOptions.defaults());
    }

    static Stream<Arguments> fixtures() {
        return Stream.of(
                fixture("whiteout of the package database", () -> ImageBuilder.image()
                        .layer(layer().file("etc/os-release", ALPINE_OS).file("lib/apk/db/installed", apk("musl", "1.2.5-r0")))
                        .layer(layer().whiteout("lib/apk/db/installed"))),
                fixture("whiteout of a parent directory and recreation above", () -> ImageBuilder.image()
                        .layer(layer().file("etc/os-release", ALPINE_OS).file("lib/apk/db/installed", apk("musl", "1.2.5-r0")))
                        .layer(layer().whiteout("lib/apk"))
                        .layer(layer().file("lib/apk/db/installed", apk("zlib", "1.3.1-r1")))),
                fixture("opaque directory", () -> ImageBuilder.image()
                        .layer(layer().file("etc/os-release", DEBIAN_OS)
                                .file("var/lib/dpkg/status.d/base-files", dpkg("base-files", "12.4", null))
                                .file("var/lib/dpkg/status.d/libc6", dpkg("libc6", "2.36-9", "glibc")))
                        .layer(layer().opaque("var/lib/dpkg/status.d")
                                .file("var/lib/dpkg/status.d/tzdata", dpkg("tzdata", "2024a-0", null)))),
                fixture("distroless status.d", () -> ImageBuilder.image()
                        .layer(layer().file("etc/os-release", "PRETTY_NAME=\"Distroless\"\nID=debian\nVERSION_ID=\"12\"\n")
                                .file("etc/debian_version", "12.7\n")
                                .file("var/lib/dpkg/status.d/libc6", "Package: libc6\nVersion: 2.36-9\nArchitecture: amd64\n")
                                .file("var/lib/dpkg/status.d/libc6.md5sums", "d41d8cd98f00b204e9800998ecf8427e  x\n"))),
                fixture("os-release symlink to a lower layer", () -> ImageBuilder.image()
                        .layer(layer().file("usr/lib/os-release", DEBIAN_OS).file("etc/debian_version", "12.7\n"))
                        .layer(layer().symlink("etc/os-release", "../usr/lib/os-release"))),
                fixture("symlinks to paths nobody asked for, in a lower layer", () -> ImageBuilder.image()
                        .layer(layer().file("opt/vendor/release/os-release", ALPINE_OS)
                                .file("opt/vendor/apk/installed", apk("busybox", "1.36.1-r29")))
                        .layer(layer().symlink("etc/os-release", "/opt/vendor/release/os-release")
                                .symlink("lib/apk/db", "../../opt/vendor/apk"))),
                fixture("merged-usr symlink", () -> ImageBuilder.image()
                        .layer(layer().symlink("lib", "usr/lib").file("etc/os-release", ALPINE_OS)
                                .file("usr/lib/apk/db/installed", apk("musl", "1.2.5-r0")))),
                fixture("hard link after its file", () -> ImageBuilder.image()
                        .layer(layer().file("etc/os-release", DEBIAN_OS)
                                .file("var/backups/dpkg.status", dpkg("bash", "5.2.15-2", null))
                                .hardlink("var/lib/dpkg/status", "var/backups/dpkg.status"))),
                fixture("file with a hard link after it", () -> ImageBuilder.image()
                        .layer(layer().file("etc/os-release", DEBIAN_OS)
                                .file("var/lib/dpkg/status", dpkg("bash", "5.2.15-2", null))
                                .hardlink("var/lib/dpkg/zz-copy", "var/lib/dpkg/status"))),
                fixture("hard link to a file of a lower layer", () -> ImageBuilder.image()
                        .layer(layer().file("etc/os-release", ALPINE_OS).file("opt/db", apk("musl", "1.2.5-r0")))
                        .layer(layer().hardlink("lib/apk/db/installed", "opt/db"))),
                fixture("link above a wanted directory, files in a lower layer", () -> ImageBuilder.image()
                        .layer(layer().file("etc/os-release", DEBIAN_OS)
                                .file("opt/dpkg/status.d/libc6", dpkg("libc6", "2.36-9", "glibc"))
                                .file("opt/dpkg/status.d/libc6.md5sums", "x  y\n"))
                        .layer(layer().symlink("var/lib/dpkg", "/opt/dpkg"))),
                fixture("link above a wanted directory, files after it in the same layer", () -> ImageBuilder.image()
                        .layer(layer().file("etc/os-release", DEBIAN_OS).symlink("var/lib/dpkg", "../../srv/dpkg")
                                .file("srv/dpkg/status.d/tzdata", dpkg("tzdata", "2024a-0", null)))),
                fixture("symlink loop", () -> ImageBuilder.image()
                        .layer(layer().symlink("etc/os-release", "os-release.d/x").symlink("etc/os-release.d", "../etc/os-release.d"))),
                fixture("zstd, plain and gzip layers", () -> ImageBuilder.image()
                        .layer(layer().file("etc/os-release", ALPINE_OS).compression(Compression.ZSTD))
                        .layer(layer().file("lib/apk/db/installed", apk("musl", "1.2.5-r0")).compression(Compression.NONE))
                        .layer(layer().file("lib/apk/db/installed", apk("musl", "1.2.5-r0") + "\n" + apk("zlib", "1.3.1-r1"))
                                .compression(Compression.GZIP))),
                fixture("package upgraded in a later layer", () -> ImageBuilder.image()
                        .layer(layer().file("etc/os-release", DEBIAN_OS)
                                .file("var/lib/dpkg/status", dpkg("bash", "5.2.15-2", null) + "\n" + dpkg("curl", "7.88.1-10", null)))
                        .layer(layer().file("etc/motd", "unrelated\n"))
                        .layer(layer().file("var/lib/dpkg/status",
                                dpkg("bash", "5.2.15-2", null) + "\n" + dpkg("curl", "7.88.1-10+deb12u5", null)))),
                fixture("rpm BerkeleyDB", () -> ImageBuilder.image()
                        .layer(layer().file("etc/os-release", RpmImageTest.RHEL8)
                                .file("etc/redhat-release", "Red Hat Enterprise Linux release 8.8 (Ootpa)\n")
                                .file("var/lib/rpm/Packages", rpmdb("bdb-libuuid/Packages")))),
                fixture("rpm SQLite behind the sysimage symlink", () -> ImageBuilder.image()
                        .layer(layer().file("etc/os-release", RpmImageTest.MARINER)
                                .symlink("var/lib/rpm", "../../usr/lib/sysimage/rpm")
                                .file("usr/lib/sysimage/rpm/rpmdb.sqlite", rpmdb("sqlite-mariner2/rpmdb.sqlite")))),
                fixture("rpm NDB", () -> ImageBuilder.image()
                        .layer(layer().file("usr/lib/os-release", RpmImageTest.SLES).symlink("etc/os-release", "../usr/lib/os-release")
                                .symlink("var/lib/rpm", "../../usr/lib/sysimage/rpm")
                                .file("usr/lib/sysimage/rpm/Packages.db", rpmdb("ndb-sle15-bci/Packages.db")))),
                fixture("rpm database converted in a later layer", () -> ImageBuilder.image()
                        .layer(layer().file("etc/os-release", RpmImageTest.MARINER)
                                .file("var/lib/rpm/rpmdb.sqlite", rpmdb("sqlite-mariner2/rpmdb.sqlite")))
                        .layer(layer().whiteout("var/lib/rpm/rpmdb.sqlite")
                                .file("var/lib/rpm/Packages", rpmdb("bdb-mariner2-le-4096/Packages")))),
                fixture("broken rpm database replaced by a later layer", () -> ImageBuilder.image()
                        .layer(layer().file("etc/os-release", RpmImageTest.RHEL8).file("var/lib/rpm/Packages", "not a database".repeat(100)))
                        .layer(layer().file("var/lib/rpm/Packages", rpmdb("bdb-libuuid/Packages")))));
    }

    @Test
    void filesSpooledToTheScratchSpaceGoThroughTheCacheToo() throws IOException {
        Path image = ImageBuilder.image()
                .layer(layer().file("etc/os-release", RpmImageTest.MARINER)
                        .file("var/lib/rpm/rpmdb.sqlite", rpmdb("sqlite-mariner2/rpmdb.sqlite")))
                .layer(layer().file("var/lib/rpm/Packages", rpmdb("bdb-mariner2-le-4096/Packages")))
                .writeOciArchive(dir.resolve("image.tar"));
        ScanOptions spooling = ScanOptions.defaults().withLimits(new LayerLimits(16L << 30, 2000, 64L << 20, 4096));

        Inventory inventory = assertCachedScansMatch(image, spooling);

        assertThat(inventory.packages()).hasSize(129);
    }

    @Test
    void anImageSharingABaseLayerReadsOnlyItsOwnLayers() throws IOException {
        byte[] noise = new byte[256 * 1024];
        new java.util.Random(1).nextBytes(noise);
        BuiltLayer base = layer().file("etc/os-release", DEBIAN_OS).file("usr/share/noise", noise)
                .file("var/lib/dpkg/status", dpkg("bash", "5.2.15-2", null)).build();
        BuiltLayer ownA = layer().file("var/lib/dpkg/status", dpkg("bash", "5.2.15-2", null) + "\n" + dpkg("curl", "7.88.1-10", null)).build();
        BuiltLayer ownB1 = layer().file("etc/motd", "b\n").build();
        BuiltLayer ownB2 = layer().file("var/lib/dpkg/status", dpkg("bash", "5.2.15-2", null) + "\n" + dpkg("zlib1g", "1.2.13", "zlib")).build();
        Path a = ImageBuilder.image().layer(base).layer(ownA).writeOciArchive(dir.resolve("a.tar"));
        Path b = ImageBuilder.image().layer(base).layer(ownB1).layer(ownB2).writeOciArchive(dir.resolve("b.tar"));
        InMemoryLayerCache cache = new InMemoryLayerCache();
        scan(a, ScanOptions.defaults().withLayerCache(cache));

        ScanStats stats = new ScanStats();
        Inventory inventory;
        long bytesRead;
        try (CountingRandomAccessSource source = new CountingRandomAccessSource(FileRandomAccessSource.open(b))) {
            inventory = new ImageScanner(ScanOptions.defaults().withLayerCache(cache).withListener(stats)).scan(source);
            bytesRead = source.bytesRead();
        }

        assertThat(inventory).isEqualTo(scan(b, ScanOptions.defaults()));
        assertThat(stats.layersFromCache()).containsExactly(base.diffId());
        assertThat(stats.layersRead()).containsExactlyInAnyOrder(ownB1.diffId(), ownB2.diffId());
        assertThat(stats.blobBytesRead()).isEqualTo(ownB1.blob().length + ownB2.blob().length);
        assertThat(bytesRead).isLessThan(base.blob().length / 10)
                .isLessThanOrEqualTo(ownB1.blob().length + ownB2.blob().length + 5 * RangedScanTest.HEADER_READ);
    }

    @Test
    void aPathLearntFromALinkIsReadFromTheBlobOfALayerThatCameFromTheCache() throws IOException {
        BuiltLayer vendor = layer().file("opt/vendor/release/os-release", ALPINE_OS)
                .file("opt/vendor/apk/installed", apk("busybox", "1.36.1-r29")).build();
        BuiltLayer links = layer().symlink("etc/os-release", "/opt/vendor/release/os-release")
                .symlink("lib/apk/db", "../../opt/vendor/apk").build();
        Path vendorOnly = ImageBuilder.image().layer(vendor).writeOciArchive(dir.resolve("vendor.tar"));
        Path linked = ImageBuilder.image().layer(vendor).layer(links).writeOciArchive(dir.resolve("linked.tar"));
        InMemoryLayerCache cache = new InMemoryLayerCache();
        Inventory alone = scan(vendorOnly, ScanOptions.defaults().withLayerCache(cache));
        ScanStats first = new ScanStats();
        ScanStats again = new ScanStats();

        Inventory inventory = scan(linked, ScanOptions.defaults().withLayerCache(cache).withListener(first));
        Inventory rescan = scan(linked, ScanOptions.defaults().withLayerCache(cache).withListener(again));

        assertThat(alone.packages()).isEmpty();
        assertThat(inventory).isEqualTo(scan(linked, ScanOptions.defaults()));
        assertThat(inventory.packages()).extracting(p -> p.name() + "@" + p.layer().index()).containsExactly("busybox@1");
        assertThat(first.layersFromCache()).containsExactly(vendor.diffId());
        assertThat(first.layersRead()).containsExactly(links.diffId(), vendor.diffId());
        assertThat(rescan).isEqualTo(inventory);
        assertThat(again.layersRead()).isEmpty();
        assertThat(again.layersFromCache()).containsExactlyInAnyOrder(vendor.diffId(), links.diffId(), vendor.diffId());
    }

    @Test
    void damagedEntriesAreReportedIgnoredAndReplaced() throws IOException {
        Path image = ImageBuilder.image()
                .layer(layer().file("etc/os-release", DEBIAN_OS).file("var/lib/dpkg/status", dpkg("bash", "5.2.15-2", null)))
                .layer(layer().file("etc/motd", "one\n"))
                .layer(layer().file("etc/motd", "two\n"))
                .layer(layer().file("var/lib/dpkg/status", dpkg("bash", "5.2.15-2", null) + "\n" + dpkg("curl", "7.88.1-10", null)))
                .writeOciArchive(dir.resolve("image.tar"));
        Path root = dir.resolve("cache");
        ScanOptions cached = ScanOptions.defaults().withLayerCache(new DirectoryLayerCache(root));
        Inventory normal = scan(image, ScanOptions.defaults());
        scan(image, cached);
        List<Path> entries = entries(root);
        assertThat(entries).hasSize(4);
        byte[] intact = Files.readAllBytes(entries.get(2));
        byte[] truncated = Files.readAllBytes(entries.get(0));
        Files.write(entries.get(0), Arrays.copyOf(truncated, truncated.length / 2));
        byte[] flipped = Files.readAllBytes(entries.get(1));
        flipped[flipped.length / 2] ^= 0x10;
        Files.write(entries.get(1), flipped);
        byte[] otherVersion = intact.clone();
        otherVersion[5] = 99;
        Files.write(entries.get(2), otherVersion);
        Files.write(entries.get(3), intact);

        ScanStats damaged = new ScanStats();
        Inventory inventory = scan(image, cached.withListener(damaged));
        ScanStats repaired = new ScanStats();
        Inventory again = scan(image, cached.withListener(repaired));

        assertThat(inventory).isEqualTo(normal);
        assertThat(damaged.layersRead()).hasSize(4);
        assertThat(damaged.layersFromCache()).isEmpty();
        assertThat(damaged.cacheProblems()).hasSize(4)
                .allSatisfy(p -> assertThat(p).matches("layer \\d \\(sha256:[0-9a-f]{12}\\): layer cache entry [0-9a-f]{16} "
                        + "is unusable \\(.+\\); reading the layer"))
                .anySatisfy(p -> assertThat(p).contains("(truncated entry)"))
                .anySatisfy(p -> assertThat(p).contains("(format version 99, this scanner reads 1)"))
                .anySatisfy(p -> assertThat(p).contains("(entry of layer sha256:"));
        assertThat(again).isEqualTo(normal);
        assertThat(repaired.layersRead()).isEmpty();
        assertThat(repaired.cacheProblems()).isEmpty();
    }

    @Test
    void aFailingCacheNeverFailsTheScan() throws IOException {
        Path image = ImageBuilder.image()
                .layer(layer().file("etc/os-release", ALPINE_OS).file("lib/apk/db/installed", apk("musl", "1.2.5-r0")))
                .layer(layer().file("etc/motd", "hello\n"))
                .writeOciArchive(dir.resolve("image.tar"));
        LayerCache broken = new LayerCache() {
            @Override
            public Optional<InputStream> find(String diffId, String analyzerKey) throws IOException {
                throw new IOException("bucket unreachable");
            }

            @Override
            public void store(String diffId, String analyzerKey, Entry entry) {
                throw new IllegalStateException("throttled");
            }
        };
        ScanStats stats = new ScanStats();

        Inventory inventory = scan(image, ScanOptions.defaults().withLayerCache(broken).withListener(stats));

        assertThat(inventory).isEqualTo(scan(image, ScanOptions.defaults()));
        assertThat(stats.layersRead()).hasSize(2);
        assertThat(stats.cacheProblems()).hasSize(4)
                .anySatisfy(p -> assertThat(p).endsWith("(java.io.IOException: bucket unreachable); reading the layer"))
                .anySatisfy(p -> assertThat(p).endsWith("not stored (java.lang.IllegalStateException: throttled)"));
    }

    @Test
    void anotherAnalyzerSetUsesOtherEntries() throws IOException {
        Path image = ImageBuilder.image()
                .layer(layer().file("etc/os-release", ALPINE_OS).file("lib/apk/db/installed", apk("musl", "1.2.5-r0")))
                .writeOciArchive(dir.resolve("image.tar"));
        InMemoryLayerCache cache = new InMemoryLayerCache();
        ScanOptions all = ScanOptions.defaults().withLayerCache(cache);
        ScanOptions apkOnly = new ScanOptions(null, LayerLimits.DEFAULT, null,
                List.of(new dev.imagescan.analyzer.apk.ApkAnalyzer()), 1, cache, ScanListener.NONE);
        scan(image, all);
        ScanStats stats = new ScanStats();

        Inventory inventory = scan(image, apkOnly.withListener(stats));

        assertThat(new ImageScanner(apkOnly).analyzerKey()).isNotEqualTo(new ImageScanner(all).analyzerKey());
        assertThat(stats.layersRead()).hasSize(1);
        assertThat(cache.names()).hasSize(2);
        assertThat(inventory.analyzers()).containsExactly("os/2", "apk/1");
    }

    @Test
    void everyVerifiedReadRecordsItsBlobAndAWrongMappingIsNeverTrusted() throws IOException {
        BuiltLayer base = layer().file("etc/os-release", DEBIAN_OS)
                .file("var/lib/dpkg/status", dpkg("bash", "5.2.15-2", null)).compression(Compression.GZIP).build();
        BuiltLayer own = layer().file("etc/motd", "own\n").compression(Compression.GZIP).build();
        BuiltLayer other = layer().file("etc/motd", "other\n").compression(Compression.GZIP).build();
        Path image = ImageBuilder.image().layer(base).layer(own).writeOciArchive(dir.resolve("image.tar"));
        Path root = dir.resolve("cache");
        DirectoryLayerCache cache = new DirectoryLayerCache(root);
        ScanOptions cached = ScanOptions.defaults().withLayerCache(cache);
        Inventory normal = scan(image, ScanOptions.defaults());
        scan(image, cached);

        assertThat(cache.diffIdOfBlob(base.digest())).contains(base.diffId());
        assertThat(cache.diffIdOfBlob(own.digest())).contains(own.diffId());
        assertThat(cache.diffIdOfBlob(other.digest())).isEmpty();

        cache.recordBlob(own.digest(), other.diffId());
        ScanStats wrong = new ScanStats();
        Inventory inventory = scan(image, cached.withListener(wrong));
        ScanStats repaired = new ScanStats();
        Inventory again = scan(image, cached.withListener(repaired));

        assertThat(inventory).isEqualTo(normal);
        assertThat(wrong.layersFromCache()).containsExactly(base.diffId());
        assertThat(wrong.layersRead()).containsExactly(own.diffId());
        assertThat(wrong.cacheProblems()).containsExactly("layer 2 (" + own.diffId().substring(0, 19)
                + "): the blob index records blob " + own.digest() + " as diffID " + other.diffId()
                + ", the image config says " + own.diffId() + "; reading the layer");
        assertThat(cache.diffIdOfBlob(own.digest())).contains(own.diffId());
        assertThat(again).isEqualTo(normal);
        assertThat(repaired.layersRead()).isEmpty();
        assertThat(repaired.cacheProblems()).isEmpty();
    }

    @Test
    void aConfigNamingACachedDiffIdForAnotherBlobIsCaughtByTheBlobIndex() throws IOException {
        BuiltLayer clean = layer().file("etc/os-release", DEBIAN_OS)
                .file("var/lib/dpkg/status", dpkg("bash", "5.2.15-2", null)).compression(Compression.GZIP).build();
        BuiltLayer vulnerable = layer().file("etc/os-release", DEBIAN_OS)
                .file("var/lib/dpkg/status", dpkg("bash", "4.4-5", null)).compression(Compression.GZIP).build();
        Path honest = ImageBuilder.image().layer(clean).writeOciArchive(dir.resolve("honest.tar"));
        Path recorded = ImageBuilder.image().layer(vulnerable).writeOciArchive(dir.resolve("recorded.tar"));
        Path lying = ImageBuilder.image().layer(vulnerable.withDiffId(clean.diffId()))
                .writeOciArchive(dir.resolve("lying.tar"));
        InMemoryLayerCache cache = new InMemoryLayerCache();
        scan(honest, ScanOptions.defaults().withLayerCache(cache));
        scan(recorded, ScanOptions.defaults().withLayerCache(cache));
        ScanStats stats = new ScanStats();

        assertThatThrownBy(() -> scan(lying, ScanOptions.defaults().withLayerCache(cache).withListener(stats)))
                .isInstanceOf(DigestMismatchException.class)
                .hasMessageContaining("uncompressed content has digest " + vulnerable.diffId()
                        + ", the image config says " + clean.diffId());
        assertThat(stats.layersFromCache()).isEmpty();
        assertThat(cache.blobIndex()).containsEntry(vulnerable.digest(), vulnerable.diffId());
    }

    /**
     * Scans {@code image} without a cache, then with an empty cache and again with the cache it filled, in memory and in
     * a directory: the same inventory every time, every layer read the first time and none the second.
     */
    private Inventory assertCachedScansMatch(Path image, ScanOptions options) {
        Inventory normal = scan(image, options);
        List<LayerCache> caches = List.of(new InMemoryLayerCache(), new DirectoryLayerCache(dir.resolve("cache")));
        for (LayerCache cache : caches) {
            ScanStats cold = new ScanStats();
            ScanStats warm = new ScanStats();

            Inventory first = scan(image, options.withLayerCache(cache).withListener(cold));
            Inventory second = scan(image, options.withLayerCache(cache).withListener(warm));

            assertThat(first).isEqualTo(normal);
            assertThat(second).isEqualTo(normal);
            assertThat(cold.layersRead()).containsAll(normal.image().layers().stream().map(l -> l.diffId()).toList());
            assertThat(cold.layersFromCache()).isEmpty();
            assertThat(warm.layersRead()).isEmpty();
            assertThat(warm.layersFromCache()).hasSameSizeAs(cold.layersRead());
            assertThat(warm.blobBytesRead()).isZero();
            assertThat(cold.cacheProblems()).isEmpty();
            assertThat(warm.cacheProblems()).isEmpty();
        }
        return normal;
    }

    private static Inventory scan(Path image, ScanOptions options) {
        return new ImageScanner(options).scan(image);
    }

    private static List<Path> entries(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).filter(f -> !root.relativize(f).startsWith("_blobs")).sorted()
                    .toList();
        }
    }

    private static Arguments fixture(String name, Supplier<ImageBuilder> image) {
        return Arguments.of(name, image);
    }

    private static byte[] rpmdb(String relative) {
        try {
            return Files.readAllBytes(RpmFixtures.resource(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
