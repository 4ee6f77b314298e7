package dev.imagescan.inventory;

import java.util.List;

/**
 * What was scanned: the source, its format and platform, its identity and its layers.
 *
 * @param manifestDigest null for a docker-archive, which carries no manifest blob
 * @param configDigest   the image ID
 */
public record ImageSummary(String name, String format, String platform, String manifestDigest, String configDigest,
        List<String> tags, List<Layer> layers) {

    /** One layer: position, diffID, blob digest (null when the source names none), media type (null when none), size. */
    public record Layer(int index, String diffId, String digest, String mediaType, long size) {}
}
