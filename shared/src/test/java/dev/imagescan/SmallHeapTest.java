package dev.imagescan;

import static dev.imagescan.ImageRulesTest.ALPINE_OS;
import static dev.imagescan.ImageRulesTest.apk;
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

/** Memory does not grow with layer size: a scan of an image with a 768 MiB layer succeeds in a 32 MiB heap. */
class SmallHeapTest {

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void largeLayerIsStreamedNotHeld(@TempDir Path dir) throws Exception {
        Path image = ImageBuilder.image()
                .layer(layer().file("etc/os-release", ALPINE_OS).file("lib/apk/db/installed", apk("musl", "1.2.5-r0")))
                .layer(HostileLayers.bomb(768L << 20, Compression.GZIP))
                .writeOciArchive(dir.resolve("big.tar"));

        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx32m", "-cp", System.getProperty("java.class.path"), ScanMain.class.getName(), image.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(p.waitFor(50, TimeUnit.SECONDS)).isTrue();
        assertThat(output).contains("packages=1 layers=2");
        assertThat(p.exitValue()).isZero();
    }
}
