package dev.imagescan.layer;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/** The image's files as analyzers see them: paths from the root, links already followed. */
public interface FileView {

    /** The regular file at {@code path} (following links), if the image has one and it was kept. */
    Optional<CapturedFile> file(String path);

    /** Names of the kept regular files directly inside directory {@code dir}, sorted. */
    List<String> list(String dir);

    /**
     * Paths of the kept regular files anywhere whose path (as it stands, links not followed) passes {@code paths},
     * sorted: what pattern requests ({@link FileRequest#matching}, {@link FileRequest#reduced}) kept.
     */
    List<String> find(Predicate<String> paths);
}
