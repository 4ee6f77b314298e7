package dev.imagescan.scan;

import static dev.imagescan.scan.ImageRulesTest.ALPINE_OS;
import static dev.imagescan.scan.ImageRulesTest.apk;
import static dev.imagescan.testing.LayerBuilder.layer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagescan.common.BudgetExceededException;
import dev.imagescan.image.ImageFormatException;
import dev.imagescan.inventory.Inventory;
import dev.imagescan.layer.LayerLimits;
import dev.imagescan.layer.LimitExceededException;
import dev.imagescan.testing.BuiltImage;
import dev.imagescan.testing.BuiltLayer;
import dev.imagescan.testing.Compression;
import dev.imagescan.testing.HostileLayers;
import dev.imagescan.testing.ImageBuilder;
import dev.imagescan.testing.LayerBuilder;
import dev.imagescan.testing.Tamper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-image {@link ScanBudget} and the amplifications it is there for: bytes and time over all layers, a blob
 * listed many times, a docker-archive listing one config a thousand times, chains of links re-reading a layer, and a
 * whole-archive gzip image inflated to scratch.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ScanBudgetTest {
    private static final LayerBuilder BASE = layer().file("etc/os-release", ALPINE_OS)
            .file("lib/apk/db/installed", apk("musl", "1.2.5-r0")).compression(Compression.GZIP);

    @TempDir
    Path dir;

    @Test
    void theSameBlobListedEightTimesIsInflatedOnce() throws IOException {
        BuiltLayer zeros = HostileLayers.bomb(1L << 20, Compression.GZIP);
        ImageBuilder builder = ImageBuilder.image().layer(BASE);
        for (int i = 0; i < 8; i++) {
            builder.layer(zeros);
        }
        BuiltImage image = builder.build();
        for (Path archive : new Path[] {image.writeOciArchive(dir.resolve("oci.tar")),
                image.writeDockerArchive(dir.resolve("docker.tar"))}) {
            ScanStats stats = new ScanStats();

            Inventory inventory = new ImageScanner(ScanOptions.defaults().withListener(stats)).scan(archive);

            assertThat(inventory.image().layers()).hasSize(9);
            assertThat(inventory.packages()).extracting(p -> p.name() + "@" + p.layer().index())
                    .containsExactly("musl@0");
            assertThat(stats.layersRead()).as(archive.toString()).hasSize(2)
                    .containsOnlyOnce("sha256:" + zeros.diffIdHex());
        }
    }

    @Test
    void aByteBudgetOfNStopsAScanOfTwoN() throws IOException {
        long n = 4L << 20;
        Path image = ImageBuilder.image().layer(BASE)
                .layer(HostileLayers.bomb(n, Compression.GZIP))
                .layer(layer().zeros("var/cache/big", n).compression(Compression.GZIP))
                .writeOciArchive(dir.resolve("two-n.tar"));
        ScanOptions options = ScanOptions.defaults().withBudget(ScanBudget.DEFAULT.withMaxUncompressedBytes(n));

        assertThatThrownBy(() -> new ImageScanner(options).scan(image))
                .isInstanceOf(BudgetExceededException.class)
                .hasMessageMatching("two-n\\.tar: the scan read more than its budget of 4194304 uncompressed bytes "
                        + "\\(all layers and re-reads together\\); stopped in layer [123] \\(sha256:[0-9a-f]{12}\\)");
        assertThat(new ImageScanner(ScanOptions.defaults()
                .withBudget(ScanBudget.DEFAULT.withMaxUncompressedBytes(3 * n))).scan(image).packages()).hasSize(1);
    }

    @Test
    void theByteBudgetFollowsTheLayerLimit() {
        ScanOptions options = ScanOptions.defaults().withLimits(LayerLimits.DEFAULT.withMaxUncompressedBytes(1L << 30));

        assertThat(ScanOptions.defaults().budget()).isEqualTo(new ScanBudget(64L << 30, Duration.ofMinutes(30)));
        assertThat(options.budget().maxUncompressedBytes()).isEqualTo(4L << 30);
        assertThat(options.withBudget(options.budget().withMaxTime(Duration.ofHours(2))).budget().maxTime())
                .isEqualTo(Duration.ofHours(2));
    }

    @Test
    void aTimeBudgetStopsAScanThatRunsLonger() throws IOException {
        Path image = ImageBuilder.image().layer(BASE).layer(HostileLayers.bomb(64L << 20, Compression.GZIP))
                .writeOciArchive(dir.resolve("slow.tar"));
        ScanOptions options = ScanOptions.defaults().withBudget(ScanBudget.DEFAULT.withMaxTime(Duration.ofMillis(1)));

        assertThatThrownBy(() -> new ImageScanner(options).scan(image))
                .isInstanceOf(BudgetExceededException.class)
                .hasMessageStartingWith("slow.tar: the scan ran longer than its budget of 1 ms; stopped in ");
    }

    @Test
    void aGzipArchiveIsInflatedOnlyUpToTheBudget() throws IOException {
        Path plain = ImageBuilder.image().layer(BASE).layer(layer().zeros("var/cache/big", 8L << 20))
                .writeDockerArchive(dir.resolve("plain.tar"));
        Path gzip = dir.resolve("image.tar.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gzip))) {
            Files.copy(plain, out);
        }
        ScanOptions small = ScanOptions.defaults().withLimits(LayerLimits.DEFAULT.withMaxUncompressedBytes(1L << 20));

        assertThatThrownBy(() -> new ImageScanner(small).scan(gzip))
                .isInstanceOf(BudgetExceededException.class)
                .hasMessage("image.tar.gz: the gzip-compressed archive decompresses to more than the scan's budget of "
                        + "4194304 uncompressed bytes");
        assertThat(new ImageScanner(ScanOptions.defaults()).scan(gzip).packages()).hasSize(1);
    }

    @Test
    void aDockerArchiveListingOneLargeConfigAThousandTimesParsesItOnce() throws IOException {
        BuiltImage image = ImageBuilder.image().layer(BASE).repoTag("app:1")
                .label("padding", "x".repeat(3 << 20)).build();
        Path once = image.writeDockerArchive(dir.resolve("once.tar"));
        String entry = manifestEntry(once);
        Path many = image.writeDockerArchive(dir.resolve("many.tar"), dev.imagescan.testing.DockerArchiveStyle.SKOPEO,
                Tamper.tamper().replaceEntry("manifest.json", repeated(entry, 1_000)));
        Path tooMany = image.writeDockerArchive(dir.resolve("too-many.tar"),
                dev.imagescan.testing.DockerArchiveStyle.SKOPEO,
                Tamper.tamper().replaceEntry("manifest.json", repeated(entry, 1_001)));

        long start = System.nanoTime();
        Inventory inventory = new ImageScanner(ScanOptions.defaults()).scan(many);
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(inventory.packages()).hasSize(1);
        assertThat(inventory.warnings()).anyMatch(w -> w.startsWith("manifest.json holds 1000 images for linux/amd64"));
        assertThat(millis).as("a 3 MiB config parsed once, not 1,000 times").isLessThan(10_000);
        assertThatThrownBy(() -> new ImageScanner(ScanOptions.defaults()).scan(tooMany))
                .isInstanceOf(ImageFormatException.class)
                .hasMessage("too-many.tar: manifest.json lists 1001 images, more than the 1000 an archive may hold");
    }

    @Test
    void aChainOfLinksCannotReReadALayerAgainAndAgain() throws IOException {
        LayerBuilder chain = layer().zeros("var/cache/big", 2L << 20);
        for (int i = 12; i >= 1; i--) {
            chain.symlink("a" + i, "/a" + (i + 1));
        }
        Path image = ImageBuilder.image().layer(chain.compression(Compression.GZIP))
                .layer(layer().symlink("etc/os-release", "/a1").compression(Compression.GZIP))
                .writeOciArchive(dir.resolve("chain.tar"));
        ScanStats stats = new ScanStats();

        assertThatThrownBy(() -> new ImageScanner(ScanOptions.defaults().withListener(stats)).scan(image))
                .isInstanceOf(LimitExceededException.class)
                .hasMessageMatching("chain\\.tar: links between layers ask for re-reading more than \\d+ blob bytes, "
                        + "twice the image's layers; refusing a likely chain of links \\(stopped before re-reading "
                        + "layer 1 \\(sha256:[0-9a-f]{12}\\)\\)");
        assertThat(stats.layersRead()).hasSizeLessThanOrEqualTo(4);
    }

    private static String manifestEntry(Path archive) throws IOException {
        try (InputStream in = Files.newInputStream(archive);
                TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                if (e.getName().equals("manifest.json")) {
                    String json = new String(tar.readAllBytes(), StandardCharsets.UTF_8).trim();
                    return json.substring(1, json.length() - 1);
                }
            }
        }
        throw new IllegalStateException("no manifest.json in " + archive);
    }

    private static byte[] repeated(String entry, int times) {
        return ("[" + String.join(",", java.util.Collections.nCopies(times, entry)) + "]")
                .getBytes(StandardCharsets.UTF_8);
    }
}
