package dev.imagescan.image;

import java.util.ArrayDeque;
import java.util.Deque;

/** Normalises member paths of an image archive or layout ({@code ./a/../b} → {@code b}); never leaves the root. */
final class ArchivePaths {
    private ArchivePaths() {}

    /** The path with leading {@code ./} and {@code /}, empty and {@code .} segments removed and {@code ..} applied. */
    static String normalize(String path) {
        Deque<String> parts = new ArrayDeque<>();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                parts.pollLast();
            } else {
                parts.addLast(part);
            }
        }
        return String.join("/", parts);
    }

    /** {@code target} of a link at {@code linkPath}, resolved against the link's directory. */
    static String resolveLink(String linkPath, String target) {
        if (target.startsWith("/")) {
            return normalize(target);
        }
        int slash = linkPath.lastIndexOf('/');
        String dir = slash < 0 ? "" : linkPath.substring(0, slash);
        return normalize(dir + "/" + target);
    }
}
