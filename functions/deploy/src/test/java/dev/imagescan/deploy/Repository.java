package dev.imagescan.deploy;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds files at the repository's root (template.yaml, events/) from the module directory the tests run in. */
final class Repository {
    private Repository() {}

    /** The repository's root: the nearest directory above the working directory that holds template.yaml. */
    static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        for (int up = 0; up < 4 && dir != null; up++, dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("template.yaml")) && Files.isDirectory(dir.resolve("events"))) {
                return dir;
            }
        }
        throw new IllegalStateException("template.yaml not found above " + Path.of("").toAbsolutePath());
    }
}
