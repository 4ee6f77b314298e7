package dev.imagescan.layer;

/** What a layer says about one path the scan cares about. */
public sealed interface LayerEntry {

    /** A regular file whose content was kept. */
    record File(CapturedFile content) implements LayerEntry {}

    /** A symbolic link; {@code resolved} is its target as a path from the root. */
    record Symlink(String target, String resolved) implements LayerEntry {}

    /** A hard link to {@code target} (a path from the root), whose content was not yet seen. */
    record Hardlink(String target) implements LayerEntry {}

    /** A directory. */
    record Directory() implements LayerEntry {}

    /** Anything else (device, fifo, or a file where a directory was expected): it hides what was below. */
    record Other() implements LayerEntry {}
}
