package dev.imagescan.layer;

import java.util.ArrayList;
import java.util.List;

/**
 * Paths inside an image's filesystem, always relative to its root without a leading slash ({@code etc/os-release}).
 */
public final class LayerPath {
    private LayerPath() {}

    /**
     * Cleans a path: drops a leading {@code /} or {@code ./}, empty and {@code .} segments, applies {@code ..}.
     * A {@code ..} at the root stays at the root, as when the kernel resolves {@code /..}.
     */
    public static String normalize(String path) {
        List<String> parts = new ArrayList<>();
        boolean changed = false;
        int start = 0;
        int length = path.length();
        while (start <= length) {
            int slash = path.indexOf('/', start);
            int end = slash < 0 ? length : slash;
            String part = path.substring(start, end);
            if (part.isEmpty() || part.equals(".")) {
                changed = true;
            } else if (part.equals("..")) {
                changed = true;
                if (!parts.isEmpty()) {
                    parts.remove(parts.size() - 1);
                }
            } else {
                parts.add(part);
            }
            start = end + 1;
        }
        if (!changed) {
            return path;
        }
        return String.join("/", parts);
    }

    /**
     * A tar member name as a path in the image, or null when its {@code ..} segments climb above the root: such an
     * entry would be written outside the container's filesystem, and container runtimes refuse the layer.
     */
    public static String memberPath(String name) {
        int depth = 0;
        for (String part : name.split("/")) {
            if (part.equals("..")) {
                if (--depth < 0) {
                    return null;
                }
            } else if (!part.isEmpty() && !part.equals(".")) {
                depth++;
            }
        }
        return normalize(name);
    }

    /** Where a symbolic link at {@code linkPath} with target {@code target} points, as a path from the root. */
    public static String resolveLink(String linkPath, String target) {
        if (target.startsWith("/")) {
            return normalize(target);
        }
        return normalize(parent(linkPath) + "/" + target);
    }

    /** The directory holding {@code path}; empty for a top-level name. */
    public static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    /** The last segment of {@code path}. */
    public static String name(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** Whether {@code path} is {@code dir} itself or lies below it. */
    public static boolean isAtOrUnder(String path, String dir) {
        return path.equals(dir) || dir.isEmpty() || (path.startsWith(dir) && path.charAt(dir.length()) == '/');
    }

    /** {@code dir/name}, or {@code name} when dir is the root. */
    public static String join(String dir, String name) {
        return dir.isEmpty() ? name : dir + "/" + name;
    }
}
