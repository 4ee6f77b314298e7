package dev.imagescan.functions.soak;

import dev.imagescan.functions.testing.TestImages;
import dev.imagescan.testing.BuiltImage;
import dev.imagescan.testing.Compression;
import dev.imagescan.testing.HostileLayers;
import dev.imagescan.testing.ImageBuilder;
import dev.imagescan.testing.LayerBuilder;
import dev.imagescan.testing.Tamper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The poisoned inputs the soak plants: archives that no scan can use (each must end FAILED with its one-line reason,
 * acknowledged, never retried and never in the dead-letter queue), and message bodies that are neither an S3
 * notification nor a job (each must end in the dead-letter queue, and nothing else may).
 */
final class PoisonedInputs {
    /** The kinds of poisoned archive, in turn. */
    static final List<String> ARCHIVE_KINDS = List.of("layer not gzip", "layer tar cut mid-entry",
            "layer blob truncated in the archive", "not an archive", "2 MiB PAX path header");

    private PoisonedInputs() {}

    /** Poisoned archive {@code n} (its kind is {@code ARCHIVE_KINDS[n % 5]}), written under {@code dir}. */
    static byte[] archive(int n, Path dir) throws IOException {
        Path file = dir.resolve("poison-" + n + ".tar");
        String os = "ID=alpine\nVERSION_ID=3.20.3\n# poison " + n + "\n";
        switch (n % ARCHIVE_KINDS.size()) {
            case 0 -> ImageBuilder.image().layer(LayerBuilder.layer().file("etc/os-release", os).build())
                    .layer(HostileLayers.notGzip()).build().writeOciArchive(file);
            case 1 -> ImageBuilder.image().layer(HostileLayers.truncatedTar(LayerBuilder.layer()
                    .file("etc/os-release", os).zeros("usr/lib/big.bin", 200_000), 4_000, Compression.GZIP)).build()
                    .writeOciArchive(file);
            case 2 -> {
                BuiltImage image = TestImages.app(100_000 + n);
                image.writeOciArchive(file, Tamper.tamper().truncateBlob(image.layers().get(1).digest(), 100));
            }
            case 3 -> Files.write(file, ("this is not an image archive " + n + "\n").repeat(50)
                    .getBytes(StandardCharsets.UTF_8));
            default -> ImageBuilder.image().layer(LayerBuilder.fromTar(HostileLayers.longPaxPathTar("etc/os-release",
                    2 * 1024 * 1024, os.getBytes(StandardCharsets.UTF_8))).build()).build().writeOciArchive(file);
        }
        return Files.readAllBytes(file);
    }

    /** Poisoned message body {@code n}: never a notification nor a job. */
    static String message(int n) {
        return switch (n % 3) {
            case 0 -> "this is not JSON " + n;
            case 1 -> "{\"v\":1,\"scanId\":\"../poison-" + n + "\",\"trigger\":\"MANUAL\"}";
            default -> "{\"Records\":[{\"eventSource\":\"aws:sqs\",\"poison\":" + n + "}]}";
        };
    }
}
