package dev.imagescan.store.memory;

import dev.imagescan.store.NotFoundException;
import dev.imagescan.store.ObjectInfo;
import dev.imagescan.store.ObjectStore;
import dev.imagescan.store.Page;
import dev.imagescan.store.PageTokens;
import dev.imagescan.store.PutOptions;
import dev.imagescan.store.StoreException;
import dev.imagescan.store.UnsupportedFeatureException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * {@link ObjectStore} in memory, as {@code S3ObjectStore} over one bucket behaves: puts replace whole objects,
 * {@code putIfAbsent} is atomic, etags are the hex MD5 of the bytes, last modification times are to the second (as S3
 * reports them), listings are in S3's key order (UTF-8 bytes, which is code point order) with page tokens bound to
 * their prefix, tags are replaced whole and checked against S3's limits first. {@link #withoutTagging} plays an
 * endpoint without object tagging (S3Proxy): tagging calls, and puts with tags, fail with
 * {@link UnsupportedFeatureException} and store nothing.
 *
 * <p>Bad arguments (an empty key or one over 1024 UTF-8 bytes, a bad range or page size, a foreign page token) are
 * {@link IllegalArgumentException}s before anything is read or written.
 */
public final class InMemoryObjectStore implements ObjectStore {
    /** The longest key S3 takes, in UTF-8 bytes. */
    public static final int MAX_KEY_BYTES = 1024;
    /** The most bytes one object may hold here (a Java array's limit, well under S3's 5 GiB per put). */
    public static final int MAX_OBJECT_BYTES = Integer.MAX_VALUE - 8;
    private static final String TOKEN_KIND = "mo1";
    /** S3 orders keys by their UTF-8 bytes: the order of their code points, not of Java's UTF-16 units. */
    private static final Comparator<String> KEY_ORDER = InMemoryObjectStore::compareCodePoints;

    private final ConcurrentNavigableMap<String, StoredObject> objects = new ConcurrentSkipListMap<>(KEY_ORDER);
    private final Clock clock;
    private final boolean tagging;

    /** A store whose objects are stamped with {@code clock}'s time. */
    public InMemoryObjectStore(Clock clock) {
        this(clock, true);
    }

    private InMemoryObjectStore(Clock clock, boolean tagging) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.tagging = tagging;
    }

    /** A store like an S3-compatible endpoint without object tagging (S3Proxy): see the class. */
    public static InMemoryObjectStore withoutTagging(Clock clock) {
        return new InMemoryObjectStore(clock, false);
    }

    /** One stored object: never changed, replaced whole. */
    private record StoredObject(byte[] bytes, String contentType, Map<String, String> tags, String etag,
            Instant lastModified) {
        ObjectInfo info(String key) {
            return new ObjectInfo(key, bytes.length, etag, lastModified);
        }

        StoredObject withTags(Map<String, String> tags) {
            return new StoredObject(bytes, contentType, tags, etag, lastModified);
        }
    }

    @Override
    public String put(String key, byte[] bytes, PutOptions options) {
        StoredObject object = newObject(key, bytes.clone(), options);
        objects.put(key, object);
        return object.etag;
    }

    @Override
    public String put(String key, InputStream content, long length, PutOptions options) {
        checkKey(key);
        if (length < 0) {
            throw new IllegalArgumentException("negative length " + length);
        }
        if (length > MAX_OBJECT_BYTES) {
            throw new StoreException("put of " + key + ": " + length + " bytes, more than an in-memory object holds",
                    null, false);
        }
        byte[] bytes;
        try {
            bytes = content.readNBytes((int) length);
        } catch (IOException e) {
            throw new StoreException("put of " + key + ": reading the content failed: " + e.getMessage(), e, false);
        }
        if (bytes.length < length) {
            throw new StoreException("put of " + key + ": the stream ended after " + bytes.length + " of " + length
                    + " bytes", null, false);
        }
        StoredObject object = newObject(key, bytes, options);
        objects.put(key, object);
        return object.etag;
    }

    @Override
    public boolean putIfAbsent(String key, byte[] bytes, PutOptions options) {
        return objects.putIfAbsent(key, newObject(key, bytes.clone(), options)) == null;
    }

    private StoredObject newObject(String key, byte[] bytes, PutOptions options) {
        checkKey(key);
        Objects.requireNonNull(options, "options");
        if (!options.tags().isEmpty()) {
            requireTagging("put", key);
        }
        return new StoredObject(bytes, options.contentType(), options.tags(), md5(bytes),
                clock.instant().truncatedTo(ChronoUnit.SECONDS));
    }

    @Override
    public InputStream get(String key) {
        return new ByteArrayInputStream(object(key).bytes);
    }

    @Override
    public InputStream get(String key, long offset, long length) {
        checkKey(key);
        if (offset < 0 || length <= 0) {
            throw new IllegalArgumentException("a range needs offset ≥ 0 and length > 0, not " + offset + "+" + length);
        }
        byte[] bytes = object(key).bytes;
        if (offset >= bytes.length) {
            return InputStream.nullInputStream();
        }
        int from = (int) offset;
        return new ByteArrayInputStream(bytes, from, (int) Math.min(length, bytes.length - from));
    }

    /** Every object here has the hex MD5 of its bytes as its etag (as a single-part S3 upload does). */
    @Override
    public boolean contentMatches(ObjectInfo object, byte[] md5) {
        return object.etag() != null && object.etag().equals(HexFormat.of().formatHex(md5));
    }

    @Override
    public Optional<ObjectInfo> head(String key) {
        checkKey(key);
        return Optional.ofNullable(objects.get(key)).map(o -> o.info(key));
    }

    @Override
    public Page<ObjectInfo> list(String prefix, int pageSize, String pageToken) {
        Objects.requireNonNull(prefix, "prefix");
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("page size must be 1 to " + MAX_PAGE_SIZE + ", not " + pageSize);
        }
        ConcurrentNavigableMap<String, StoredObject> rest = objects.tailMap(prefix, true);
        if (pageToken != null) {
            String after = PageToken.decode(pageToken, TOKEN_KIND, prefix);
            if (!after.startsWith(prefix)) {
                throw PageTokens.malformed("its position is outside its prefix", null);
            }
            rest = objects.tailMap(after, false);
        }
        List<ObjectInfo> items = new ArrayList<>(Math.min(pageSize, 64));
        for (Map.Entry<String, StoredObject> entry : rest.entrySet()) {
            if (!entry.getKey().startsWith(prefix)) {
                break; // the keys under a prefix are consecutive in key order
            }
            if (items.size() == pageSize) {
                return new Page<>(items, PageToken.encode(TOKEN_KIND, prefix, items.get(pageSize - 1).key()));
            }
            items.add(entry.getValue().info(entry.getKey()));
        }
        return new Page<>(items, null);
    }

    @Override
    public void delete(String key) {
        checkKey(key);
        objects.remove(key);
    }

    @Override
    public void setTags(String key, Map<String, String> tags) {
        Map<String, String> checked = ObjectStore.checkTags(tags);
        checkKey(key);
        requireTagging("tagging", key);
        if (objects.computeIfPresent(key, (k, o) -> o.withTags(checked)) == null) {
            throw notFound(key);
        }
    }

    @Override
    public Map<String, String> tags(String key) {
        checkKey(key);
        requireTagging("reading the tags", key);
        return new LinkedHashMap<>(object(key).tags);
    }

    /**
     * The content type the object was last put with, empty when there is no object (S3 keeps it as the object's
     * {@code Content-Type}; the port has no reader for it, tests do).
     */
    public Optional<String> contentType(String key) {
        checkKey(key);
        return Optional.ofNullable(objects.get(key)).map(StoredObject::contentType);
    }

    private StoredObject object(String key) {
        checkKey(key);
        StoredObject object = objects.get(key);
        if (object == null) {
            throw notFound(key);
        }
        return object;
    }

    private void requireTagging(String action, String key) {
        if (!tagging) {
            throw new UnsupportedFeatureException(action + " of " + key
                    + ": this store does not implement object tagging", null);
        }
    }

    private static NotFoundException notFound(String key) {
        return new NotFoundException("no object " + key + " in memory");
    }

    private static void checkKey(String key) {
        Objects.requireNonNull(key, "key");
        int bytes = key.getBytes(StandardCharsets.UTF_8).length;
        if (bytes == 0 || bytes > MAX_KEY_BYTES) {
            throw new IllegalArgumentException("an object key has 1 to " + MAX_KEY_BYTES + " UTF-8 bytes, not "
                    + bytes);
        }
    }

    private static String md5(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no MD5", e);
        }
    }

    private static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
