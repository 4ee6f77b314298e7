package dev.imagescan.layer;

import java.util.function.Predicate;

/**
 * A file (or the files of one directory) an analyzer needs from the image, and the most bytes one such file may
 * have. Paths are relative to the image root, without a leading slash: {@code var/lib/dpkg/status}.
 *
 * @param path      the file, or the directory whose files are wanted
 * @param names     for a directory request, which file names in it are wanted; null for a single file
 * @param maxBytes  a wanted file larger than this makes the scan fail (it would otherwise be silently incomplete)
 */
public record FileRequest(String path, Predicate<String> names, long maxBytes) {

    public FileRequest {
        path = LayerPath.normalize(path);
        if (path.isEmpty()) {
            throw new IllegalArgumentException("a file request needs a path below the root");
        }
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive");
        }
    }

    /** The single file at {@code path}. */
    public static FileRequest file(String path, long maxBytes) {
        return new FileRequest(path, null, maxBytes);
    }

    /** The files directly inside {@code dir} whose names pass {@code names}. */
    public static FileRequest filesIn(String dir, Predicate<String> names, long maxBytes) {
        return new FileRequest(dir, names, maxBytes);
    }

    public boolean isDirectory() {
        return names != null;
    }

    /** The same request for another location (where a symbolic link on the way points). */
    FileRequest movedTo(String newPath) {
        return new FileRequest(newPath, names, maxBytes);
    }
}
