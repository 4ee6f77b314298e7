package dev.imagescan.vulndb.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real NVD, EPSS and KEV documents of {@code shared/testing}'s {@code vulndb/} (see its README-feeds.md) and the
 * embedded snapshot's NVD feed ({@code shared/core/src/main/vulndb-nvd/}).
 */
public final class FeedSamples {
    /** The NVD feed the bundled database is built with. */
    public static final Path SNAPSHOT_NVD = Path.of("src/main/vulndb-nvd/nvdcve-2.0-snapshot.json");

    private FeedSamples() {}

    /** The bytes of {@code vulndb/<path>} on the test class path. */
    public static byte[] bytes(String path) {
        try (InputStream in = FeedSamples.class.getResourceAsStream("/vulndb/" + path)) {
            if (in == null) {
                throw new IllegalStateException("no test resource vulndb/" + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code vulndb/<path>} written to {@code dir} under its own name. */
    public static Path file(Path dir, String path) throws IOException {
        Path file = dir.resolve(Path.of(path).getFileName().toString());
        Files.write(file, bytes(path));
        return file;
    }
}
