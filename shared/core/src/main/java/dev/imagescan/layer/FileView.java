package dev.imagescan.layer;

import java.util.List;
import java.util.Optional;

/** The image's files as analyzers see them: paths from the root, links already followed. */
public interface FileView {

    /** The regular file at {@code path} (following links), if the image has one and it was kept. */
    Optional<CapturedFile> file(String path);

    /** Names of the kept regular files directly inside directory {@code dir}, sorted. */
    List<String> list(String dir);
}
