package dev.imagescan.common;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A private temporary directory for one scan: large captured files (rpm databases) and decompressed image
 * archives are spooled here, never anywhere else. Created on first use; {@link #close()} deletes it and
 * everything in it.
 */
public final class ScratchSpace implements Closeable {
    private final Path parent;
    private Path dir;

    /** A scratch space under {@code parent}, or under the JVM's temporary directory when parent is null. */
    public ScratchSpace(Path parent) {
        this.parent = parent;
    }

    /** A new empty file inside the scratch directory. */
    public synchronized Path newFile(String prefix) {
        try {
            if (dir == null) {
                dir = parent == null
                        ? Files.createTempDirectory("imagescan-")
                        : Files.createTempDirectory(Files.createDirectories(parent), "imagescan-");
            }
            return Files.createTempFile(dir, prefix, ".tmp");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a scratch file: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: the directory is under the temporary directory and named imagescan-*
        }
        dir = null;
    }
}
