package dev.imagescan.store;

import java.time.Instant;

/**
 * What a store knows of one object without reading it.
 *
 * @param etag         the entity tag without quotes (for a single-part upload, the hex MD5 of the bytes)
 * @param lastModified when it was last written, as the service records it
 */
public record ObjectInfo(String key, long size, String etag, Instant lastModified) {}
