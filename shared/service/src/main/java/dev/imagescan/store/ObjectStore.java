package dev.imagescan.store;

import java.io.InputStream;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Object storage: bytes under string keys in one bucket ({@link StoreKeys} gives the layout). Objects are written
 * whole and read as streams, so an object of any size passes through in bounded memory. Implementations are safe to
 * share between threads.
 */
public interface ObjectStore {
    /** The most tags an object can carry (S3's limit). */
    int MAX_TAGS = 10;
    /** The most items one {@link #list} page holds. */
    int MAX_PAGE_SIZE = 1000;

    /** Writes {@code bytes} under {@code key}, replacing any object there; returns the new object's etag. */
    String put(String key, byte[] bytes, PutOptions options);

    /**
     * Writes exactly {@code length} bytes read from {@code content} under {@code key}, replacing any object there,
     * without holding them all in memory; returns the new object's etag. The stream is read but not closed. A stream
     * that ends early fails the put and leaves no object.
     */
    String put(String key, InputStream content, long length, PutOptions options);

    /**
     * Writes {@code bytes} under {@code key} only if no object is there: true if written, false if an object
     * already existed (it is left as it was). S3 decides this atomically ({@code If-None-Match: *}); S3-compatible
     * test servers may check and write in two steps, so nothing may rely on this for mutual exclusion: use it for
     * content-addressed objects, where either writer's bytes will do, and take locks in the {@link ScanTable}.
     */
    boolean putIfAbsent(String key, byte[] bytes, PutOptions options);

    /**
     * The object's bytes as a stream that reads from the service as it is read; the caller closes it.
     *
     * @throws NotFoundException when there is no object under {@code key}
     */
    InputStream get(String key);

    /**
     * Up to {@code length} bytes of the object from {@code offset} on: fewer at the end of the object, none when
     * {@code offset} is at or past its end. The caller closes the stream.
     *
     * @throws NotFoundException when there is no object under {@code key}
     */
    InputStream get(String key, long offset, long length);

    /**
     * Whether {@code object} (as {@link #head} or {@link #list} described it) holds the bytes whose MD5 is {@code md5},
     * as far as its metadata can tell without reading it: false when it tells otherwise, true when it matches or
     * cannot tell (how a store's etag relates to the content is the store's own knowledge).
     */
    boolean contentMatches(ObjectInfo object, byte[] md5);

    /** Size, etag and last modification of the object, empty when there is none. */
    Optional<ObjectInfo> head(String key);

    /**
     * One page of the objects whose keys start with {@code prefix}, in key order.
     *
     * @param pageSize  1 to {@link #MAX_PAGE_SIZE}
     * @param pageToken null for the first page, else a {@link Page#nextToken()} of the same listing
     */
    Page<ObjectInfo> list(String prefix, int pageSize, String pageToken);

    /** Deletes the object; deleting an absent object is not an error. */
    void delete(String key);

    /**
     * Replaces the object's tags with {@code tags}.
     *
     * @throws NotFoundException            when there is no object under {@code key}
     * @throws UnsupportedFeatureException where the service does not implement object tagging
     */
    void setTags(String key, Map<String, String> tags);

    /**
     * The object's tags.
     *
     * @throws NotFoundException            when there is no object under {@code key}
     * @throws UnsupportedFeatureException where the service does not implement object tagging
     */
    Map<String, String> tags(String key);

    /** A copy of {@code tags} if S3 would accept them (≤ 10, keys 1–128 and values ≤ 256 characters), else IAE. */
    static Map<String, String> checkTags(Map<String, String> tags) {
        if (tags.size() > MAX_TAGS) {
            throw new IllegalArgumentException(tags.size() + " tags, more than the " + MAX_TAGS + " allowed");
        }
        Map<String, String> copy = new LinkedHashMap<>();
        tags.forEach((k, v) -> {
            if (k == null || k.isEmpty() || k.length() > 128) {
                throw new IllegalArgumentException("tag key must have 1 to 128 characters: '" + k + "'");
            }
            if (v == null || v.length() > 256) {
                throw new IllegalArgumentException("tag '" + k + "' must have a value of at most 256 characters");
            }
            copy.put(k, v);
        });
        return Collections.unmodifiableMap(copy);
    }
}
