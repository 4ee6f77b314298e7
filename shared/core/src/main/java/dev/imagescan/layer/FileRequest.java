package dev.imagescan.layer;

import java.util.function.Predicate;

/**
 * A file (or the files of one directory, or the files anywhere whose path matches) an analyzer needs from the image,
 * and the most bytes one such file may have. Paths are relative to the image root, without a leading slash:
 * {@code var/lib/dpkg/status}.
 *
 * @param path      the file, or the directory whose files are wanted; for a pattern request, its stable label
 *                  ({@code **}{@code /*.jar}), which is what the layer cache key sees of it
 * @param names     for a directory request, which file names in it are wanted; null otherwise
 * @param maxBytes  a wanted file larger than this makes the scan fail (it would otherwise be silently incomplete);
 *                  for a pattern request with a reducer, the most bytes the reducer may keep of one file
 * @param anywhere  for a pattern request, which paths (from the root, anywhere in the image) are wanted; null
 *                  otherwise. Only regular files match: links and directories are not followed for it
 * @param reducer   for a pattern request, what to keep of each matching file instead of its bytes; null to keep them
 */
public record FileRequest(String path, Predicate<String> names, long maxBytes, Predicate<String> anywhere,
        FileReducer reducer) {

    public FileRequest {
        path = anywhere == null ? LayerPath.normalize(path) : path;
        if (path == null || path.isEmpty()) {
            throw new IllegalArgumentException("a file request needs a path below the root");
        }
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive");
        }
        if (reducer != null && anywhere == null) {
            throw new IllegalArgumentException("only a pattern request has a reducer");
        }
    }

    /** A single-file or directory request. */
    public FileRequest(String path, Predicate<String> names, long maxBytes) {
        this(path, names, maxBytes, null, null);
    }

    /**
     * The regular files anywhere in the image whose path passes {@code paths}, each kept whole (up to
     * {@code maxBytes}): {@code package.json} files under {@code node_modules}, Python {@code METADATA}.
     *
     * @param label a short stable description of {@code paths}, part of the layer cache key
     */
    public static FileRequest matching(String label, Predicate<String> paths, long maxBytes) {
        return new FileRequest(label, null, maxBytes, paths, null);
    }

    /**
     * The regular files anywhere in the image whose path passes {@code paths}, each kept as what {@code reducer}
     * makes of it (at most {@code maxKeptBytes}): Java archives, Go binaries.
     */
    public static FileRequest reduced(String label, Predicate<String> paths, FileReducer reducer, long maxKeptBytes) {
        return new FileRequest(label, null, maxKeptBytes, paths, reducer);
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

    /** Whether this request names no place but a pattern of paths ({@link #matching}, {@link #reduced}). */
    public boolean isPattern() {
        return anywhere != null;
    }

    /** The same request for another location (where a symbolic link on the way points). */
    FileRequest movedTo(String newPath) {
        return new FileRequest(newPath, names, maxBytes, anywhere, reducer);
    }
}
