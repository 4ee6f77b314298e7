package dev.imagescan.scan;

import static dev.imagescan.scan.ImageRulesTest.ALPINE_OS;
import static dev.imagescan.scan.ImageRulesTest.apk;
import static dev.imagescan.testing.LayerBuilder.layer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.imagescan.testing.Compression;
import dev.imagescan.testing.HostileLayers;
import dev.imagescan.testing.ImageBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Memory does not grow with layer size: a scan of an image with a 768 MiB layer succeeds in a 32 MiB heap, and so do
 * scans through a directory layer cache, storing and then reusing a 96 MiB kept file.
 */
class SmallHeapTest {

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void largeLayerIsStreamedNotHeld(@TempDir Path dir) throws Exception {
        Path image = ImageBuilder.image()
                .layer(layer().file("etc/os-release", ALPINE_OS).file("lib/apk/db/installed", apk("musl", "1.2.5-r0")))
                .layer(HostileLayers.bomb(768L << 20, Compression.GZIP))
                .writeOciArchive(dir.resolve("big.tar"));

        assertThat(scanInSmallHeap(image.toString())).contains("packages=1 layers=2");
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void largeLayerAndLargeKeptFileGoThroughADirectoryCache(@TempDir Path dir) throws Exception {
        Path image = ImageBuilder.image()
                .layer(layer().file("etc/os-release", ALPINE_OS).file("lib/apk/db/installed", apk("musl", "1.2.5-r0")))
                .layer(HostileLayers.bomb(768L << 20, Compression.GZIP))
                .layer(layer().zeros("var/lib/rpm/Packages", 96L << 20).compression(Compression.GZIP))
                .layer(layer().whiteout("var/lib/rpm/Packages"))
                .writeOciArchive(dir.resolve("big.tar"));
        Path cache = dir.resolve("cache");

        String cold = scanInSmallHeap(image.toString(), cache.toString());
        String warm = scanInSmallHeap(image.toString(), cache.toString());

        assertThat(cold).contains("packages=1 layers=4 read=4 cached=0 problems=[]");
        assertThat(warm).contains("packages=1 layers=4 read=0 cached=4 problems=[]");
        try (var entries = java.nio.file.Files.walk(cache)) {
            assertThat(entries.filter(java.nio.file.Files::isRegularFile).mapToLong(SmallHeapTest::size).max().orElse(0))
                    .isGreaterThan(96L << 20);
        }
    }

    private static String scanInSmallHeap(String... args) throws Exception {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx32m",
                "-cp", System.getProperty("java.class.path"), ScanMain.class.getName()));
        command.addAll(java.util.List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(p.waitFor(50, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        return output;
    }

    private static long size(Path file) {
        try {
            return java.nio.file.Files.size(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
