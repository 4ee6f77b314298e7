package dev.imagescan.store;

import java.util.Map;
import java.util.Objects;

/**
 * How an object is written: its content type and the tags written with it.
 *
 * @param contentType a MIME type
 * @param tags        object tags (at most {@link ObjectStore#MAX_TAGS}), written in the same request as the bytes
 */
public record PutOptions(String contentType, Map<String, String> tags) {
    /** Bytes of no particular kind, no tags. */
    public static final PutOptions BINARY = new PutOptions("application/octet-stream", Map.of());
    /** A JSON document, no tags. */
    public static final PutOptions JSON = new PutOptions("application/json", Map.of());

    public PutOptions {
        Objects.requireNonNull(contentType, "contentType");
        tags = ObjectStore.checkTags(tags);
    }

    /** These options with {@code tags} instead of the current ones. */
    public PutOptions withTags(Map<String, String> tags) {
        return new PutOptions(contentType, tags);
    }
}
